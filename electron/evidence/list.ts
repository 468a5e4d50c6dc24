import type Database from 'better-sqlite3';
import type { EvidenceDetails, EvidencePage, EvidenceSummary } from '../../shared/api/evidence';
import { statementsOf } from '../common/statements';
import { decodeCursor, pageFrom, stringKey } from '../common/paging';
import { requireAudit } from '../rows';
import type { Core } from '../services';
import { isConfidential, LATEST_MARK_SQL } from './marks';
import { evidenceLinksOf, evidenceRow } from './service';

// The audit's evidence a page at a time: summary rows (no note), newest first, read along the index
// (audit, captured_at, id) so a page costs the same however much evidence the audit holds. The
// filter matches the name, the hash, the source system or who captured it, case aside.

const columns = `id, audit_id AS auditId, sha256, size, media_type AS mediaType, original_name AS originalName, captured_by AS capturedBy,
  captured_at AS capturedAt, refers_to AS refersTo, source_system AS sourceSystem, capture_method AS captureMethod,
  (${LATEST_MARK_SQL.replace('?', 'evidence.id')}) AS marked`;
const matches = `(instr(lower(original_name), @filter) > 0 OR instr(sha256, @filter) > 0 OR instr(lower(source_system), @filter) > 0 OR instr(lower(captured_by), @filter) > 0)`;
const after = '(captured_at < @at OR (captured_at = @at AND id < @id))';

const prepared = statementsOf((sqlite: Database.Database) => {
  const page = (where: string) => sqlite.prepare(`SELECT ${columns} FROM evidence WHERE audit_id = @auditId${where} ORDER BY captured_at DESC, id DESC LIMIT @limit`);
  return {
    first: page(''),
    after: page(` AND ${after}`),
    firstMatching: page(` AND ${matches}`),
    afterMatching: page(` AND ${matches} AND ${after}`),
    count: sqlite.prepare('SELECT count(*) FROM evidence WHERE audit_id = ?').pluck(),
    countMatching: sqlite.prepare(`SELECT count(*) FROM evidence WHERE audit_id = @auditId AND ${matches}`).pluck(),
  };
});

type RawRow = Omit<EvidenceSummary, 'confidential'> & { marked: number | null };

/** One page of the audit's evidence in summary rows, with the totals and the cursor of the next page. */
export function pageEvidence(core: Core, input: { auditId: string; filter?: string; cursor?: string | null; limit: number }): EvidencePage {
  requireAudit(core, input.auditId);
  const s = prepared(core.sqlite);
  const filter = (input.filter ?? '').trim().toLowerCase();
  const start = input.cursor ? decodeCursor(input.cursor, stringKey(2)) : null;
  const params = { auditId: input.auditId, filter, limit: input.limit + 1, ...(start ? { at: start[0], id: start[1] } : {}) };
  const statement = filter ? (start ? s.afterMatching : s.firstMatching) : start ? s.after : s.first;
  // One more row than asked tells whether another page follows.
  const rows = (statement.all(params) as RawRow[]).map(({ marked, ...row }): EvidenceSummary => ({ ...row, confidential: marked === 1 }));
  const all = s.count.get(input.auditId) as number;
  const total = filter ? (s.countMatching.get({ auditId: input.auditId, filter }) as number) : all;
  return { ...pageFrom(rows, input.limit, (last) => [last.capturedAt, last.id]), total, all };
}

/** One piece of evidence in full, with its mark and what it supports. */
export function getEvidence(core: Core, id: string): EvidenceDetails {
  const { note, ...row } = evidenceRow(core, id);
  return { ...row, note, captureMethod: row.captureMethod as EvidenceDetails['captureMethod'], confidential: isConfidential(core, id), links: evidenceLinksOf(core, id) };
}
