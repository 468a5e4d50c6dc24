// Log-template mining: grouping accuracy on the loghub samples beside Drain's published accuracy
// (Zhu et al., "Tools and Benchmarks for Automated Log Parsing", ICSE-SEIP 2019, Table of parser
// accuracy), and speed on a generated 1M-line deployment log against a raw chunked line split of the
// same file, with peak memory beside that of a log a tenth its size (bounded: the two should be close).
// Run alone with `npm run bench -- logs`; LOGHUB_DIR names another loghub folder (default ../shared/realworld/loghub).
import fs from 'node:fs';
import path from 'node:path';
import { writeJenkinsLog } from '../../electron/imports/generate-log';
import { loghubSamples, publishedDrainAccuracy, sampleAccuracy } from '../../electron/logs/loghub';
import { mineFile } from '../../electron/logs/miner';
import { median } from './median';

export interface LogsBenchRow { what: string; ours: number; baseline: number; baselineName: string; note?: string }

const loghubDir = process.env.LOGHUB_DIR ?? path.resolve(import.meta.dirname, '../../../../shared/realworld/loghub');

async function rawSplit(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  }
  return lines;
}

async function peakOf(work: () => Promise<unknown>): Promise<number> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return (Math.max(peak, process.memoryUsage().rss) - start) / 1048576;
}

export async function benchLogs(scratch: string): Promise<{ rows: LogsBenchRow[]; summary: string[] }> {
  const summary = [`Grouping accuracy of the log-template miner on the loghub 2k samples in ${loghubDir} (Drain published: Zhu et al. 2019):`];
  for (const dataset of loghubSamples(loghubDir)) {
    const r = await sampleAccuracy(loghubDir, dataset);
    summary.push(`  ${dataset.padEnd(12)} ours ${r.accuracy.toFixed(3)}  Drain published ${publishedDrainAccuracy[dataset]?.toFixed(3) ?? '   — '}  (${r.lines} lines, ${r.templates} templates mined, ${r.truthTemplates} true; ${r.labels} labels)`);
  }
  if (summary.length === 1) summary.push('  (no loghub samples found: set LOGHUB_DIR)');
  const big = path.join(scratch, 'mine-1m.log');
  const small = path.join(scratch, 'mine-100k.log');
  await writeJenkinsLog(big, 1_000_000);
  await writeJenkinsLog(small, 100_000);
  let templates = 0;
  const ours = await median(3, async () => (templates = (await mineFile(big)).templates.length));
  const baseline = await median(3, () => rawSplit(big));
  const peakBig = await peakOf(() => mineFile(big));
  const peakSmall = await peakOf(() => mineFile(small));
  const rate = (ms: number) => `${Math.round(1_000_000 / (ms / 1000)).toLocaleString('en')} lines/s`;
  return {
    rows: [{ what: 'mine templates of a 1M-line log', ours, baseline, baselineName: 'raw chunked line split of the same file' }],
    summary: [
      ...summary,
      `Mining 1M lines: ${rate(ours)} (raw split ${rate(baseline)}), ${templates} templates; peak memory +${peakBig.toFixed(0)} MB (100k lines: +${peakSmall.toFixed(0)} MB).`,
    ],
  };
}
