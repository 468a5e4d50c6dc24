import type Database from 'better-sqlite3';
import { AppError } from '../../shared/api/errors';
import { FindingFields, type Finding, type FindingPage, type FindingStatus, type FindingSummary } from '../../shared/api/findings';
import { severities, type Severity } from '../../shared/enums';
import { decodeCursor, pageFrom } from '../common/paging';
import { requireAudit } from '../rows';
import type { findings } from '../db/schema';
import type { Core } from '../services';
import { repeatsFor, type Repeats } from './repeats';

// Reading findings: one in full, the whole list of an audit (for reports), or the list a page at a
// time in summary rows, by severity and newest first, read along the index (audit, severity,
// created_at, id) so that a page costs the same however many findings the audit has.

export type FindingRow = typeof findings.$inferSelect;
const fieldNames = Object.keys(FindingFields.shape) as Array<keyof FindingFields>;

const columns = `id, audit_id AS auditId, title, severity, status, control_id AS controlId, stage, criteria, condition, cause, effect, recommendation,
  owner_role AS ownerRole, owner_name AS ownerName, due_at AS dueAt, confidential, accepted_by AS acceptedBy, accepted_reason AS acceptedReason,
  release_id AS releaseId, source_result_id AS sourceResultId, created_at AS createdAt, updated_at AS updatedAt,
  (SELECT count(*) FROM evidence_links e WHERE e.target_type = 'finding' AND e.target_id = findings.id) AS evidenceCount`;

type RawRow = Omit<FindingRow, 'confidential'> & { confidential: number | boolean; evidenceCount: number };

/** A stored row, with its evidence count when it was read with it (a row just written is not). */
type CountedRow = FindingRow & { evidenceCount?: number };

const statements = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

function prepare(sqlite: Database.Database) {
  return {
    evidenceCount: sqlite.prepare("SELECT count(*) AS n FROM evidence_links WHERE target_type = 'finding' AND target_id = ?").pluck(),
    byId: sqlite.prepare(`SELECT ${columns} FROM findings WHERE id = ?`),
    all: sqlite.prepare(`SELECT ${columns} FROM findings WHERE audit_id = ? ORDER BY created_at DESC, id DESC`),
    first: sqlite.prepare(`SELECT ${columns} FROM findings WHERE audit_id = ? AND severity = ? ORDER BY created_at DESC, id DESC LIMIT ?`),
    after: sqlite.prepare(
      `SELECT ${columns} FROM findings WHERE audit_id = ? AND severity = ? AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
    counts: sqlite.prepare('SELECT severity, count(*) AS n FROM findings WHERE audit_id = ? GROUP BY severity'),
  };
}

function prepared(sqlite: Database.Database) {
  let found = statements.get(sqlite);
  if (!found) {
    found = prepare(sqlite);
    statements.set(sqlite, found);
  }
  return found;
}

function fromRaw(raw: RawRow): CountedRow {
  return { ...raw, confidential: Boolean(raw.confidential) };
}

/** The stored finding, or NOT_FOUND in plain words. */
export function findingRow(core: Core, id: string): CountedRow {
  const raw = prepared(core.sqlite).byId.get(id) as RawRow | undefined;
  if (!raw) throw new AppError('NOT_FOUND', `There is no finding with the id ${id}.`);
  return fromRaw(raw);
}

/**
 * The finding's fields as the API gives them, without its repeat state (for checks before a write).
 * A stored row was checked against the contract when it was written (or imported): it is not parsed
 * again, and its evidence count comes with it when it was read by the list's own queries.
 */
export function findingFields(core: Core, row: CountedRow): Omit<Finding, 'repeatOf' | 'repeatCount'> {
  const fields = Object.fromEntries(fieldNames.map((key) => [key, row[key as keyof FindingRow]])) as FindingFields;
  return {
    ...fields,
    id: row.id,
    auditId: row.auditId,
    status: row.status as FindingStatus,
    acceptedBy: row.acceptedBy,
    acceptedReason: row.acceptedReason,
    evidenceCount: row.evidenceCount ?? (prepared(core.sqlite).evidenceCount.get(row.id) as number),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function withRepeats(core: Core, rows: CountedRow[]): Finding[] {
  const repeats = repeatsFor(core, rows);
  return rows.map((row) => ({ ...findingFields(core, row), ...(repeats.get(row.id) as Repeats) }));
}

export function toFinding(core: Core, row: FindingRow): Finding {
  return withRepeats(core, [row])[0] as Finding;
}

export function getFinding(core: Core, id: string): Finding {
  return toFinding(core, findingRow(core, id));
}

/** Every finding of the audit, in full, newest first: for reports, which carry them all. */
export function listFindings(core: Core, auditId: string): Finding[] {
  requireAudit(core, auditId);
  return withRepeats(core, (prepared(core.sqlite).all.all(auditId) as RawRow[]).map(fromRaw));
}

export function summaryOf(finding: Finding): FindingSummary {
  const { criteria: _c, condition: _n, cause: _a, effect: _e, recommendation: _r, acceptedReason: _x, ...summary } = finding;
  return summary;
}

type Cursor = [severity: number, createdAt: string, id: string];

const isCursor = (v: unknown[]): v is Cursor =>
  v.length === 3 && typeof v[0] === 'number' && Number.isInteger(v[0]) && v[0] >= 0 && v[0] < severities.length && typeof v[1] === 'string' && typeof v[2] === 'string';

/** One page of the audit's findings in summary rows, with the total and the cursor of the next page. */
export function pageFindings(core: Core, input: { auditId: string; cursor?: string | null; limit: number }): FindingPage {
  requireAudit(core, input.auditId);
  const s = prepared(core.sqlite);
  const counts = Object.fromEntries(severities.map((sev) => [sev, 0])) as Record<Severity, number>;
  for (const { severity, n } of s.counts.all(input.auditId) as Array<{ severity: Severity; n: number }>) counts[severity] = n;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const cursor = input.cursor ? decodeCursor(input.cursor, isCursor) : null;
  const start = cursor ? { severity: cursor[0], createdAt: cursor[1], id: cursor[2] } : null;
  const rows: CountedRow[] = [];
  // One more row than asked tells whether another page follows.
  for (let sev = start?.severity ?? 0; sev < severities.length && rows.length <= input.limit; sev += 1) {
    const want = input.limit + 1 - rows.length;
    const found =
      start && sev === start.severity
        ? s.after.all(input.auditId, severities[sev], start.createdAt, start.createdAt, start.id, want)
        : s.first.all(input.auditId, severities[sev], want);
    rows.push(...(found as RawRow[]).map(fromRaw));
  }
  const { rows: page, nextCursor } = pageFrom(rows, input.limit, (last) => [severities.indexOf(last.severity as Severity), last.createdAt, last.id]);
  return { rows: withRepeats(core, page).map(summaryOf), total, counts, nextCursor };
}
