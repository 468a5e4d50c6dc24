// Search speed: one page of hits for a query over 100k indexed documents through search.query
// against a raw FTS5 MATCH (bm25, snippet, LIMIT) on a plain FTS5 table holding the same documents,
// measured in the same run; and indexing a generated 1M-line log (against plain FTS5 inserts of the
// same lines), with its peak memory beside that of a log a tenth its size, which should be the same.
// Run alone with `npx tsx tests/bench/search.ts`, or call benchSearch() from the bench runner.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createAudit } from '../../electron/audits/service';
import { writeJenkinsLog } from '../../electron/imports/generate-log';
import { readLines } from '../../electron/imports/reader';
import { indexImportLines } from '../../electron/search/indexer';
import { searchQuery } from '../../electron/search/service';
import { importedFile } from '../../electron/search/imported-file.fixture';
import { auditToken, indexableText, MAX_LINE_CHARS } from '../../electron/search/text';
import { openCore } from '../../electron/services';
import { median } from './median';

export interface SearchBenchRow { what: string; ours: number; baseline: number; baselineName: string }

const queries = ['rollback', 'payments gateway', 'approval missing', 'kubectl rollout', 'cert', 'latency spike eu', 'hotfix', 'ticket'];

/** A document of realistic audit words, the same for the same seed. */
function documents(count: number): Array<{ title: string; body: string }> {
  const words = ('deploy rollback payments gateway approval missing change ticket emergency hotfix kubectl rollout canary latency spike eu west ' +
    'certificate expired pipeline failed stage jenkins ansible host unreachable backout plan tested cab minutes signed runbook step node healthy ' +
    'database migration schema lock timeout retry batch window outage customer impact incident review owner due critical major minor').split(' ');
  let seed = 42;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = () => `${words[Math.floor(next() * words.length)]}${next() < 0.3 ? Math.floor(next() * 500) : ''}`;
  return Array.from({ length: count }, () => ({
    title: Array.from({ length: 4 + Math.floor(next() * 5) }, pick).join(' '),
    body: Array.from({ length: 12 + Math.floor(next() * 40) }, pick).join(' '),
  }));
}

async function peakRss<T>(work: () => Promise<T>): Promise<{ ms: number; value: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = process.hrtime.bigint();
  try {
    const value = await work();
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, value, peakMb: Math.max(peak, process.memoryUsage().rss) / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

async function queryBench(scratch: string, count: number): Promise<SearchBenchRow> {
  const core = openCore({ dataDir: path.join(scratch, 'search-core'), actor: 'bench' });
  const raw = new Database(path.join(scratch, 'raw-fts.db'));
  try {
    const audit = createAudit(core, { name: 'Bench', description: '' });
    const docs = documents(count);
    // Written as the triggers write a record's document (one statement per table, here in one transaction).
    const insert = core.sqlite.prepare("INSERT INTO search_docs (type, record_id, audit_id, title, body) VALUES ('finding', ?, ?, ?, ?)");
    const index = core.sqlite.prepare('INSERT INTO search_fts (rowid, title, body, audit_id) VALUES (?, ?, ?, ?)');
    core.sqlite.transaction(() => docs.forEach((d, i) => index.run(insert.run(`doc-${i}`, audit.id, d.title, d.body).lastInsertRowid, d.title, d.body, auditToken(audit.id))))();
    raw.exec("CREATE VIRTUAL TABLE raw USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')");
    const rawInsert = raw.prepare('INSERT INTO raw (title, body) VALUES (?, ?)');
    raw.transaction(() => docs.forEach((d) => rawInsert.run(d.title, d.body)))();
    const rawQuery = raw.prepare("SELECT rowid, snippet(raw, -1, '[', ']', '…', 16) AS snippet, bm25(raw) AS score FROM raw WHERE raw MATCH ? ORDER BY rank LIMIT 20");
    // The raw side gets the same FTS5 text our query builder makes (quoted words, the last a prefix).
    const rawMatch = (q: string) => q.split(' ').map((w, i, all) => `"${w}"${i === all.length - 1 ? '*' : ''}`).join(' ');
    for (const q of queries) {
      const page = await searchQuery(core, { query: q, auditId: audit.id, limit: 20, offset: 0 });
      if (page.hits.length !== rawQuery.all(rawMatch(q)).length) throw new Error(`search.query found ${page.hits.length} hits for "${q}" where raw FTS5 found more or fewer.`);
    }
    const rounds = 5;
    let ours = 0;
    let baseline = 0;
    for (const q of queries) {
      // Alternate so neither side always meets the warmer cache.
      baseline += await median(rounds, () => rawQuery.all(rawMatch(q)));
      ours += await median(rounds, () => searchQuery(core, { query: q, auditId: audit.id, limit: 20, offset: 0 }));
    }
    return { what: `search ${count / 1000}k documents (${queries.length} queries)`, ours, baseline, baselineName: 'raw FTS5 MATCH + bm25 + snippet, LIMIT 20' };
  } finally {
    core.close();
    raw.close();
  }
}

async function indexLog(scratch: string, lineCount: number): Promise<{ ms: number; lines: number; peakMb: number }> {
  const file = path.join(scratch, `log-${lineCount}.log`);
  await writeJenkinsLog(file, lineCount);
  const core = openCore({ dataDir: path.join(scratch, `index-${lineCount}`), actor: 'bench' });
  try {
    const audit = createAudit(core, { name: 'Bench', description: '' });
    const { importId } = await importedFile(core, audit.id, file, lineCount);
    const run = await peakRss(() => indexImportLines(core, importId));
    return { ms: run.ms, lines: run.value.lines, peakMb: run.peakMb };
  } finally {
    core.close();
    fs.rmSync(file, { force: true });
  }
}

/** Plain FTS5 inserts of the same lines, in batches of the same size. */
async function rawIndexLog(scratch: string, lineCount: number): Promise<number> {
  const file = path.join(scratch, `raw-log-${lineCount}.log`);
  await writeJenkinsLog(file, lineCount);
  const db = new Database(path.join(scratch, 'raw-lines.db'));
  try {
    db.exec("CREATE VIRTUAL TABLE lines USING fts5(body, tokenize='unicode61 remove_diacritics 2')");
    const insert = db.prepare('INSERT INTO lines (rowid, body) VALUES (?, ?)');
    let batch: Array<[number, string]> = [];
    const flush = db.transaction((rows: Array<[number, string]>) => rows.forEach(([n, body]) => insert.run(n, body)));
    const start = process.hrtime.bigint();
    await readLines(file, (text, n) => {
      batch.push([n, indexableText(text, MAX_LINE_CHARS)]);
      if (batch.length < 5000) return;
      flush(batch);
      batch = [];
    });
    flush(batch);
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    db.close();
    fs.rmSync(file, { force: true });
  }
}

export async function benchSearch(scratch: string, documentCount = 100_000, lineCount = 1_000_000): Promise<SearchBenchRow[]> {
  const query = await queryBench(scratch, documentCount);
  console.log(`search: ${query.what}: ours ${query.ours.toFixed(1)} ms, raw FTS5 ${query.baseline.toFixed(1)} ms, ratio ${(query.ours / query.baseline).toFixed(2)}x (goal ≤ 1.5x)`);
  const small = await indexLog(scratch, lineCount / 10);
  const large = await indexLog(scratch, lineCount);
  const rawMs = await rawIndexLog(scratch, lineCount);
  console.log(
    `search: indexed ${large.lines} lines of a ${lineCount / 1e6}M-line log in ${(large.ms / 1000).toFixed(1)} s (${(large.lines / (large.ms / 1000) / 1000).toFixed(0)}k lines/s); ` +
      `plain FTS5 inserts ${(rawMs / 1000).toFixed(1)} s; peak RSS ${large.peakMb.toFixed(0)} MB vs ${small.peakMb.toFixed(0)} MB for a log a tenth its size`,
  );
  return [query, { what: `index a ${lineCount / 1e6}M-line log for search`, ours: large.ms, baseline: rawMs, baselineName: 'plain FTS5 inserts of the same lines' }];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-bench-search-'));
  try {
    const [docs, lines] = process.argv.slice(2).map(Number);
    for (const row of await benchSearch(scratch, docs || undefined, lines || undefined)) {
      console.log(`${row.what}: ours ${row.ours.toFixed(1)} ms, baseline ${row.baseline.toFixed(1)} ms (${row.baselineName}), ratio ${(row.ours / row.baseline).toFixed(2)}x`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
