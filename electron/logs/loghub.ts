import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../imports/csv';
import { groupingAccuracy } from './accuracy';
import { findFormat } from './formats';
import { mineFile } from './miner';

// A loghub sample (DATASET_2k.log with DATASET_2k.log_structured[_corrected].csv) mined with the
// format and Drain settings its benchmark used, and its grouping accuracy against the EventId column.

/**
 * Drain's grouping accuracy published by Zhu et al. 2019 (ICSE-SEIP, arXiv:1811.03509, the table of
 * parser accuracy on the loghub 2k samples), to three places. logpai/logparser's Drain README
 * (logparser/Drain) lists the same figures to four (HDFS 0.9975, Zookeeper 0.9665, Proxifier 0.5265, …).
 */
export const publishedDrainAccuracy: Record<string, number> = {
  HDFS: 0.998, Hadoop: 0.948, Spark: 0.92, Zookeeper: 0.967, BGL: 0.963, HPC: 0.887, Thunderbird: 0.955, Windows: 0.997,
  Linux: 0.69, Android: 0.911, HealthApp: 0.78, Apache: 1, OpenSSH: 0.788, OpenStack: 0.733, Mac: 0.787, Proxifier: 0.527,
};

export interface SampleAccuracy {
  dataset: string;
  lines: number;
  templates: number;
  truthTemplates: number;
  accuracy: number;
  /** Which labels were used: the corrected ones (loghub's 2023 fixes) when present. */
  labels: 'corrected' | 'original';
}

/** The samples found under a loghub folder: DATASET/DATASET_2k.log with a structured CSV beside it. */
export function loghubSamples(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).filter((name) => findFormat(name) && fs.existsSync(path.join(root, name, `${name}_2k.log`))).sort();
}

function labelFile(root: string, dataset: string): { file: string; labels: SampleAccuracy['labels'] } {
  const base = path.join(root, dataset, `${dataset}_2k.log_structured`);
  return fs.existsSync(`${base}_corrected.csv`) ? { file: `${base}_corrected.csv`, labels: 'corrected' } : { file: `${base}.csv`, labels: 'original' };
}

export async function sampleAccuracy(root: string, dataset: string): Promise<SampleAccuracy> {
  const format = findFormat(dataset);
  if (!format) throw new RangeError(`There is no log format named ${dataset}.`);
  const { file, labels } = labelFile(root, dataset);
  const rows = parseCsv(fs.readFileSync(file, 'utf8')).map((row) => row.cells);
  const column = rows[0]?.indexOf('EventId') ?? -1;
  if (column < 0) throw new RangeError(`${file} has no EventId column.`);
  const truth = rows.slice(1).filter((cells) => cells.length > column).map((cells) => cells[column] ?? '');
  const mined = await mineFile(path.join(root, dataset, `${dataset}_2k.log`), { format });
  const ids = Array.from(mined.lineTemplateIds).slice(0, truth.length);
  return { dataset, lines: truth.length, templates: mined.templates.length, truthTemplates: new Set(truth).size, accuracy: groupingAccuracy(truth, ids), labels };
}
