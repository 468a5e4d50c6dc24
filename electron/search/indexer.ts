import { AppError } from '../../shared/api/errors';
import { readLines } from '../imports/reader';
import type { Core } from '../services';
import { MAX_LINE_CHARS, auditToken, indexableText } from './text';

// The parts of the index read from the vault: the lines of each import's raw file, and the text of
// text-like evidence. The records themselves are kept in step by SQL triggers (migrations/), so
// only files need this. Lines go in batched transactions as the file streams past, with a fixed
// amount of memory whatever its size; an import whose indexing stopped part-way resumes after the
// last line it stored.

export interface IndexOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

const BATCH_LINES = 5000;
/** Evidence text read into the index whole, at most (a larger file is not searched). */
export const MAX_EVIDENCE_TEXT_BYTES = 1024 * 1024;

const textMediaTypes = new Set(['application/json', 'application/xml', 'application/yaml', 'application/x-yaml', 'application/x-ndjson', 'application/csv', 'application/sql']);
const textCaptures = new Set(['log-excerpt', 'clipboard', 'api-response']);

// One indexing of a given import at a time per data folder (a second caller waits for the first).
const running = new WeakMap<Core, Map<string, Promise<{ lines: number }>>>();

const nowIso = () => new Date().toISOString();

function cancelled(): AppError {
  return new AppError('VALIDATION', 'Indexing for search was cancelled; the lines read so far stay searchable and the rest are read next time.');
}

/** Streams an import's raw file (its evidence's vault object) into the index; answers the lines stored. */
export function indexImportLines(core: Core, importId: string, options: IndexOptions = {}): Promise<{ lines: number }> {
  const perCore = running.get(core) ?? new Map<string, Promise<{ lines: number }>>();
  running.set(core, perCore);
  const current = perCore.get(importId);
  if (current) return current;
  const work = readImport(core, importId, options).finally(() => perCore.delete(importId));
  perCore.set(importId, work);
  return work;
}

async function readImport(core: Core, importId: string, options: IndexOptions): Promise<{ lines: number }> {
  const row = core.sqlite
    .prepare('SELECT i.audit_id AS auditId, i.evidence_id AS evidenceId, e.sha256 FROM imports i JOIN evidence e ON e.id = i.evidence_id WHERE i.id = ?')
    .get(importId) as { auditId: string; evidenceId: string; sha256: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', `There is no import ${importId} to index.`);
  const source = `import:${importId}`;
  const done = core.sqlite.prepare("SELECT lines FROM search_sources WHERE source = ? AND state = 'done'").get(source) as { lines: number } | undefined;
  if (done) return { lines: done.lines };
  const resumeAfter = (core.sqlite.prepare('SELECT max(line) AS line FROM search_docs WHERE import_id = ?').get(importId) as { line: number | null }).line ?? 0;
  const insert = core.sqlite.prepare("INSERT INTO search_docs (type, record_id, part, audit_id, import_id, line, body) VALUES ('log-line', ?, 0, ?, ?, ?, ?)");
  const index = core.sqlite.prepare("INSERT INTO search_fts (rowid, title, body, audit_id) VALUES (?, '', ?, ?)");
  const flush = core.sqlite.transaction((batch: Array<[number, string]>) => {
    for (const [line, body] of batch) index.run(insert.run(row.evidenceId, row.auditId, importId, line, body).lastInsertRowid, body, auditToken(row.auditId));
  });
  let batch: Array<[number, string]> = [];
  const path = core.vault.objectPath(row.sha256);
  if (!core.vault.has(row.sha256)) throw new AppError('INTEGRITY', `The file of import ${importId} is missing from the vault: it cannot be searched.`);
  try {
    await readLines(
      path,
      (text, line) => {
        if (line <= resumeAfter) return;
        const body = indexableText(text, MAX_LINE_CHARS);
        if (body.trim().length === 0) return;
        batch.push([line, body]);
        if (batch.length >= BATCH_LINES) {
          if (options.signal?.aborted) throw cancelled();
          flush(batch);
          batch = [];
        }
      },
      { ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
    );
  } catch (error) {
    if (options.signal?.aborted) throw cancelled();
    throw error;
  }
  const finish = core.sqlite.transaction(() => {
    flush(batch);
    const total = (core.sqlite.prepare('SELECT count(*) AS n FROM search_docs WHERE import_id = ?').get(importId) as { n: number }).n;
    // The file's lines are searched as lines: its evidence is not searched a second time as one text.
    core.sqlite.prepare("DELETE FROM search_docs WHERE record_id = ? AND type = 'evidence' AND part = 1").run(row.evidenceId);
    core.sqlite.prepare("INSERT INTO search_sources (source, state, lines, indexed_at) VALUES (?, 'skipped', 0, ?) ON CONFLICT(source) DO UPDATE SET state = 'skipped'").run(`evidence:${row.evidenceId}`, nowIso());
    core.sqlite.prepare("INSERT INTO search_sources (source, state, lines, indexed_at) VALUES (?, 'done', ?, ?)").run(source, total, nowIso());
    return total;
  });
  return { lines: finish() };
}

interface PendingEvidence {
  id: string;
  auditId: string;
  sha256: string;
  size: number;
  mediaType: string;
  captureMethod: string;
  originalName: string;
  imported: number;
}

function isTextLike(evidence: PendingEvidence): boolean {
  const media = evidence.mediaType.toLowerCase().split(';')[0]?.trim() ?? '';
  return media.startsWith('text/') || textMediaTypes.has(media) || media.endsWith('+json') || media.endsWith('+xml') || textCaptures.has(evidence.captureMethod);
}

async function readEvidenceText(core: Core, evidence: PendingEvidence): Promise<string | null> {
  if (evidence.imported > 0 || !isTextLike(evidence) || evidence.size > MAX_EVIDENCE_TEXT_BYTES || !core.vault.has(evidence.sha256)) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of core.vault.openRead(evidence.sha256, MAX_EVIDENCE_TEXT_BYTES) as AsyncIterable<Buffer>) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  if (bytes.subarray(0, 8192).includes(0)) return null;
  return indexableText(new TextDecoder('utf-8', { fatal: false }).decode(bytes), MAX_EVIDENCE_TEXT_BYTES);
}

/** Reads into the index what no trigger can: evidence text and import lines not indexed yet (both may arrive in a bundle). */
export async function ensureSearchIndex(core: Core, options: IndexOptions = {}): Promise<{ evidence: number; imports: number }> {
  const evidence = core.sqlite
    .prepare(
      `SELECT e.id, e.audit_id AS auditId, e.sha256, e.size, e.media_type AS mediaType, e.capture_method AS captureMethod, e.original_name AS originalName,
         EXISTS (SELECT 1 FROM imports i WHERE i.evidence_id = e.id) AS imported
       FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM search_sources s WHERE s.source = 'evidence:' || e.id)`,
    )
    .all() as PendingEvidence[];
  const insert = core.sqlite.prepare("INSERT INTO search_docs (type, record_id, part, audit_id, title, body) VALUES ('evidence', ?, 1, ?, ?, ?)");
  const index = core.sqlite.prepare("INSERT INTO search_fts (rowid, title, body, audit_id) VALUES (?, ?, ?, ?)");
  const mark = core.sqlite.prepare('INSERT INTO search_sources (source, state, lines, indexed_at) VALUES (?, ?, 0, ?) ON CONFLICT(source) DO NOTHING');
  for (const item of evidence) {
    if (options.signal?.aborted) throw cancelled();
    const text = await readEvidenceText(core, item);
    core.sqlite.transaction(() => {
      // Checked again inside the transaction: another caller may have read it meanwhile.
      if (mark.run(`evidence:${item.id}`, text === null ? 'skipped' : 'done', nowIso()).changes === 0) return;
      if (text !== null && text.trim().length > 0) index.run(insert.run(item.id, item.auditId, item.originalName, text).lastInsertRowid, item.originalName, text, auditToken(item.auditId));
    })();
  }
  const imports = core.sqlite
    .prepare("SELECT id FROM imports i WHERE NOT EXISTS (SELECT 1 FROM search_sources s WHERE s.source = 'import:' || i.id AND s.state = 'done') ORDER BY id")
    .all() as Array<{ id: string }>;
  for (const { id } of imports) await indexImportLines(core, id, options);
  return { evidence: evidence.length, imports: imports.length };
}

/** Whether a file is being read into the index right now (a search then answers without waiting for it). */
export function searchIndexBusy(core: Core): boolean {
  return (running.get(core)?.size ?? 0) > 0;
}

/** Whether anything is waiting to be read into the index (cheap: two anti-joins over small tables). */
export function searchIndexPending(core: Core): boolean {
  const row = core.sqlite
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM search_sources s WHERE s.source = 'evidence:' || e.id))
           OR EXISTS (SELECT 1 FROM imports i WHERE NOT EXISTS (SELECT 1 FROM search_sources s WHERE s.source = 'import:' || i.id AND s.state = 'done')) AS pending`,
    )
    .get() as { pending: number };
  return row.pending === 1;
}
