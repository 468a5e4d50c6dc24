// Importer speed: parsing a generated 1M-line Jenkins log (detect, hash, stages, errors) against a
// plain readline line count of the same file, measured in the same run; and the peak RSS of each.
// Run alone with `npx tsx tests/bench/imports.ts`, or call benchImports() from the bench runner.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeJenkinsLog } from '../../electron/imports/generate-log';
import { importFile } from '../../electron/imports/import-file';

export interface ImportBenchRow { what: string; ours: number; baseline: number; baselineName: string; note: string }

async function countLines(file: string): Promise<number> {
  let lines = 0;
  const reader = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of reader) if (line !== undefined) lines += 1;
  return lines;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const start = process.hrtime.bigint();
  try {
    const value = await work();
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, value, peakRssMb: Math.max(peak, process.memoryUsage().rss) / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

export async function benchImports(scratch: string, lineCount = 1_000_000, runs = 3): Promise<ImportBenchRow[]> {
  const file = path.join(scratch, 'jenkins-1m.log');
  await writeJenkinsLog(file, lineCount);
  const ours: Array<Awaited<ReturnType<typeof timed<Awaited<ReturnType<typeof importFile>>>>>> = [];
  const base: Array<Awaited<ReturnType<typeof timed<number>>>> = [];
  for (let i = 0; i < runs; i += 1) {
    // Alternate so neither side always meets a warm or cold page cache.
    base.push(await timed(() => countLines(file)));
    ours.push(await timed(() => importFile(file)));
  }
  const median = <T extends { ms: number }>(xs: T[]) => [...xs].sort((a, b) => a.ms - b.ms)[Math.floor(xs.length / 2)] as T;
  const o = median(ours);
  const b = median(base);
  if (o.value.lines !== b.value) throw new Error(`The importer read ${o.value.lines} lines where readline counted ${b.value}.`);
  const sizeMb = fs.statSync(file).size / 1048576;
  return [{
    what: `parse a ${(lineCount / 1e6).toFixed(1)}M-line Jenkins log (${sizeMb.toFixed(0)} MB)`,
    ours: o.ms,
    baseline: b.ms,
    baselineName: 'readline line count of the same file',
    note: `${o.value.facts.length} facts; ${(lineCount / (o.ms / 1000) / 1e6).toFixed(2)}M lines/s vs ${(lineCount / (b.ms / 1000) / 1e6).toFixed(2)}M; rate ${(b.ms / o.ms).toFixed(2)}x of raw; peak RSS ${Math.max(...ours.map((r) => r.peakRssMb)).toFixed(0)} MB (readline ${Math.max(...base.map((r) => r.peakRssMb)).toFixed(0)} MB)`,
  }];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-bench-imports-'));
  try {
    for (const row of await benchImports(scratch)) {
      console.log(`${row.what}: ours ${row.ours.toFixed(0)} ms, baseline ${row.baseline.toFixed(0)} ms (${row.baselineName}), time ratio ${(row.ours / row.baseline).toFixed(2)}x`);
      console.log(`  ${row.note}`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
