// Importer speed: parsing a generated 1M-line Jenkins log (detect, hash, stages, errors) against a
// plain readline line count of the same file, measured in the same run; and the peak RSS of each.
// Then the whole import into a release (read, vault, facts recorded through the ledger, every line
// indexed for search) against raw better-sqlite3 inserts of the same lines into a table and an FTS5
// index, in one transaction, measured in the same run (goal: at least 0.4x the raw rate).
// Run alone with `npx tsx tests/bench/imports.ts`, or call benchImports() from the bench runner.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createAudit } from '../../electron/audits/service';
import { writeJenkinsLog } from '../../electron/imports/generate-log';
import { importFile } from '../../electron/imports/import-file';
import { importInto } from '../../electron/imports/store';
import { indexImportLines } from '../../electron/search/indexer';
import { createRelease } from '../../electron/releases/service';
import { openCore } from '../../electron/services';

export interface ImportBenchRow { what: string; ours: number; baseline: number; baselineName: string; note: string }

async function countLines(file: string): Promise<number> {
  let lines = 0;
  const reader = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of reader) if (line !== undefined) lines += 1;
  return lines;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T; peakRssMb: number }> {
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
  const stored = await benchStore(scratch, file, runs);
  return [stored, {
    what: `parse a ${(lineCount / 1e6).toFixed(1)}M-line Jenkins log (${sizeMb.toFixed(0)} MB)`,
    ours: o.ms,
    baseline: b.ms,
    baselineName: 'readline line count of the same file',
    note: `${o.value.facts.length} facts; ${(lineCount / (o.ms / 1000) / 1e6).toFixed(2)}M lines/s vs ${(lineCount / (b.ms / 1000) / 1e6).toFixed(2)}M; rate ${(b.ms / o.ms).toFixed(2)}x of raw; peak RSS ${Math.max(...ours.map((r) => r.peakRssMb)).toFixed(0)} MB (readline ${Math.max(...base.map((r) => r.peakRssMb)).toFixed(0)} MB)`,
  }];
}

/**
 * Raw inserts of every line of the file into a fresh database, in one transaction: into a table of
 * lines and a plain FTS5 index of them (the least that keeping and searching the lines costs).
 */
async function rawInserts(dbFile: string, file: string): Promise<number> {
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.exec("CREATE TABLE lines (n INTEGER PRIMARY KEY, text TEXT NOT NULL); CREATE VIRTUAL TABLE lines_fts USING fts5(text, content='lines', content_rowid='n')");
  const insert = db.prepare('INSERT INTO lines (n, text) VALUES (?, ?)');
  const index = db.prepare('INSERT INTO lines_fts (rowid, text) VALUES (?, ?)');
  let n = 0;
  db.exec('BEGIN');
  const reader = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of reader) {
    n += 1;
    insert.run(n, line);
    index.run(n, line);
  }
  db.exec('COMMIT');
  db.close();
  return n;
}

async function benchStore(scratch: string, file: string, runs: number): Promise<ImportBenchRow> {
  const ours: Array<Awaited<ReturnType<typeof timed<Awaited<ReturnType<typeof importInto>>>>>> = [];
  const base: Array<Awaited<ReturnType<typeof timed<number>>>> = [];
  for (let i = 0; i < runs; i += 1) {
    base.push(await timed(() => rawInserts(path.join(scratch, `raw-${i}.sqlite`), file)));
    const core = openCore({ dataDir: path.join(scratch, `store-${i}`), actor: 'bench' });
    try {
      const audit = createAudit(core, { name: 'Bench imports', description: '' });
      const release = createRelease(core, { auditId: audit.id, identifier: 'BENCH-1' });
      // What an import through the app does: read and record it, then index its lines for search.
      ours.push(
        await timed(async () => {
          const outcome = await importInto(core, file, { auditId: audit.id, releaseId: release.id });
          await indexImportLines(core, outcome.import.id);
          return outcome;
        }),
      );
    } finally {
      core.close();
    }
  }
  const median = <T extends { ms: number }>(xs: T[]) => [...xs].sort((a, b) => a.ms - b.ms)[Math.floor(xs.length / 2)] as T;
  const o = median(ours);
  const b = median(base);
  return {
    what: `import it into a release and index it`,
    ours: o.ms,
    baseline: b.ms,
    baselineName: 'raw inserts of its lines + FTS5',
    note: `${o.value.import.factCount} facts recorded; rate ${(b.ms / o.ms).toFixed(2)}x of raw (goal at least 0.4x); peak RSS ${Math.max(...ours.map((r) => r.peakRssMb)).toFixed(0)} MB (raw ${Math.max(...base.map((r) => r.peakRssMb)).toFixed(0)} MB)`,
  };
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
