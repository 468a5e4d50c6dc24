import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { AppError } from '../../shared/api/errors';
import type { DatabaseStatus } from '../../shared/api/vulnerabilities';
import { utcNow } from '../ids';
import type { Progress } from '../jobs/jobs';
import type { Core } from '../services';
import { OSV_SCHEMA, attach, createIndexes, createTables, databaseStatus, detach, normalisedName, openOsv, osvFile } from './database';
import { readOsvRecord } from './osv-record';
import { fileSha256, osvLimits, planSource, zipRecords, type OsvLimits, type RecordText } from './osv-source';
import { ecosystemBase } from './versions/compare';

// Importing an OSV database: the records are read one at a time (never the whole zip in memory)
// into a new file beside the old one, which replaces it only once every record is in. A record that
// cannot be read is counted and named; a hostile zip, a cancel or any failure removes the new file
// and leaves the old database as it was.

const BUILD = 'osv_build';
const BATCH = 2000;
const KEEP_PROBLEMS = 100;

const cancelled = () => new AppError('VALIDATION', 'The database import was cancelled; the database is as it was.');

async function countEntries(files: Array<{ file: string; zip: boolean }>): Promise<number> {
  let total = 0;
  for (const f of files) {
    if (!f.zip) total += 1;
    else {
      total += await new Promise<number>((resolve) => {
        yauzl.open(f.file, { lazyEntries: true, autoClose: true }, (error, zip) => {
          if (error) return resolve(1);
          const n = zip.entryCount;
          zip.close();
          resolve(n);
        });
      });
    }
  }
  return total;
}

async function* recordsOf(plan: ReturnType<typeof planSource>, limits: OsvLimits, signal?: AbortSignal): AsyncGenerator<RecordText> {
  const total = { bytes: 0, entries: 0 };
  for (const f of plan.files) {
    if (f.zip) yield* zipRecords(f.file, f.relative, limits, total, signal);
    else {
      const size = fs.statSync(f.file).size;
      total.entries += 1;
      if (size > limits.maxRecordBytes) throw new AppError('VALIDATION', `${f.relative} is ${Math.ceil(size / 1048576)} MiB, over the ${limits.maxRecordBytes / 1048576} MiB a record may take.`);
      yield { name: f.relative, text: fs.readFileSync(f.file, 'utf8') };
    }
    if (signal?.aborted) return;
  }
}

export async function importDatabase(core: Core, source: string, options: { signal?: AbortSignal; progress?: Progress; limits?: OsvLimits; label?: string } = {}): Promise<DatabaseStatus> {
  const limits = options.limits ?? osvLimits;
  const progress = options.progress ?? (() => undefined);
  const plan = planSource(source, options.label ?? path.basename(source));
  progress('Hashing the database', 0.01);
  const manifest: string[] = [];
  for (const f of plan.files) {
    manifest.push(`${await fileSha256(f.file)}  ${f.relative}`);
    if (options.signal?.aborted) throw cancelled();
  }
  const singleZip = plan.files.length === 1 && plan.files[0]?.zip === true && plan.files[0].file === source;
  const sha256 = singleZip ? (manifest[0] as string).slice(0, 64) : createHash('sha256').update(`${manifest.join('\n')}\n`).digest('hex');
  const total = await countEntries(plan.files);
  const partial = path.join(core.layout.root, `.osv.${randomUUID()}.partial`);
  detach(core, BUILD);
  attach(core, partial, BUILD);
  let attached = true;
  const cleanUp = () => {
    if (attached) detach(core, BUILD);
    attached = false;
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${partial}${suffix}`, { force: true });
  };
  try {
    core.sqlite.exec(`PRAGMA ${BUILD}.journal_mode = OFF; PRAGMA ${BUILD}.synchronous = OFF;`);
    createTables(core, BUILD);
    const existing = core.sqlite.prepare(`SELECT n, modified FROM ${BUILD}.vulns WHERE id = ?`);
    const insertVuln = core.sqlite.prepare(`INSERT INTO ${BUILD}.vulns (id, modified, withdrawn, record) VALUES (?, ?, ?, ?)`);
    const replaceVuln = core.sqlite.prepare(`UPDATE ${BUILD}.vulns SET modified = ?, withdrawn = ?, record = ? WHERE n = ?`);
    const dropAffected = core.sqlite.prepare(`DELETE FROM ${BUILD}.affected WHERE vuln = ?`);
    const insertAffected = core.sqlite.prepare(`INSERT INTO ${BUILD}.affected (vuln, ecosystem, base, name, position) VALUES (?, ?, ?, ?, ?)`);
    const insertProblem = core.sqlite.prepare(`INSERT INTO ${BUILD}.problems (name, reason) VALUES (?, ?)`);
    let bad = 0;
    let read = 0;
    let newest = '';
    let batch: RecordText[] = [];
    const flush = core.sqlite.transaction((items: RecordText[]) => {
      for (const item of items) {
        let record;
        try {
          record = readOsvRecord(JSON.parse(item.text));
        } catch (error) {
          bad += 1;
          if (bad <= KEEP_PROBLEMS) insertProblem.run(item.name, error instanceof SyntaxError ? `it is not JSON (${error.message})` : (error as Error).message);
          continue;
        }
        const before = existing.get(record.id) as { n: number; modified: string } | undefined;
        let n: number;
        if (before) {
          // The same advisory in two ecosystems' files: the newer copy is kept.
          if (Date.parse(before.modified) >= Date.parse(record.modified)) continue;
          replaceVuln.run(record.modified, record.withdrawn, item.text, before.n);
          dropAffected.run(before.n);
          n = before.n;
        } else n = Number(insertVuln.run(record.id, record.modified, record.withdrawn, item.text).lastInsertRowid);
        if (record.modified > newest) newest = record.modified;
        record.affected.forEach((a, position) => {
          const base = ecosystemBase(a.ecosystem);
          insertAffected.run(n, a.ecosystem, base, normalisedName(base, a.name), position);
        });
      }
    });
    for await (const item of recordsOf(plan, limits, options.signal)) {
      if (options.signal?.aborted) throw cancelled();
      batch.push(item);
      read += 1;
      if (batch.length >= BATCH) {
        flush(batch);
        batch = [];
      }
      if (read % 250 === 0) progress('Reading OSV records', 0.02 + 0.9 * Math.min(1, read / Math.max(1, total)), { done: read, total });
    }
    if (options.signal?.aborted) throw cancelled();
    flush(batch);
    progress('Reading OSV records', 0.92, { done: read, total });
    const counts = core.sqlite.prepare(`SELECT count(*) AS records, count(withdrawn) AS withdrawn FROM ${BUILD}.vulns`).get() as { records: number; withdrawn: number };
    if (counts.records === 0) {
      throw new AppError('VALIDATION', `${options.label ?? path.basename(source)} holds no readable OSV record${bad > 0 ? ` (${bad} could not be read)` : ''}; the database is as it was.`);
    }
    progress('Indexing packages', 0.94);
    createIndexes(core, BUILD);
    const meta = core.sqlite.prepare(`INSERT INTO ${BUILD}.meta (key, value) VALUES (?, ?)`);
    const values: Record<string, string> = {
      sha256, source: options.label ?? path.basename(source), records: String(counts.records), withdrawn: String(counts.withdrawn),
      modified: newest, importedAt: utcNow(), badRecords: String(bad),
    };
    core.sqlite.transaction(() => { for (const [k, v] of Object.entries(values)) meta.run(k, v); })();
    if (options.signal?.aborted) throw cancelled();
    detach(core, BUILD);
    attached = false;
    detach(core, OSV_SCHEMA);
    fs.renameSync(partial, osvFile(core));
    openOsv(core);
    progress('Done', 1);
    return databaseStatus(core);
  } catch (error) {
    cleanUp();
    openOsv(core);
    throw error;
  }
}
