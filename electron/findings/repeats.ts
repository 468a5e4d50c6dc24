import type Database from 'better-sqlite3';
import { findingStatuses, type Finding, type FindingStatus } from '../../shared/api/findings';
import type { Core } from '../services';
import { causeKey, causesMatching } from './cause-words';

export { sameRootCause } from './cause-words';

// Repeat findings: the same control failing for the same root cause in an earlier audit. Nothing here
// reads the earlier findings themselves: finding_cause_totals holds the distinct causes each control has
// had among raised findings (those worded alike found through a word index, cause-words.ts), and finding_cause_groups how many findings of each audit gave it each
// cause (both kept in step with findings by triggers, see electron/db/repeat-schema.ts). A cause is
// compared once per distinct text, the count is the total less what later audits gave, and the newest
// earlier audit is one index seek: the cost follows the causes sharing a rare word with the one asked
// about, never how many causes the control has had, nor how many findings or audits repeated them.

export type Repeats = Pick<Finding, 'repeatOf' | 'repeatCount'>;
const none: Repeats = { repeatOf: null, repeatCount: 0 };

/** The newest earlier finding of the causes that match: the one shown as the repeat. */
interface Newest {
  key: string;
  id: string;
  auditId: string;
  auditName: string;
  title: string;
  status: FindingStatus;
  confidential: number;
}

/** Every status but draft, as SQL literals: a draft is not yet a finding that can be repeated. */
const raised = findingStatuses
  .filter((status) => status !== 'draft')
  .map((status) => `'${status}'`)
  .join(', ');

interface Statements {
  auditsCreated: Database.Statement;
  groups: Database.Statement;
  newest: Database.Statement;
}

const statements = new WeakMap<Database.Database, Statements>();

// Each statement takes a JSON array (of controls, or of [control, cause, time or audit] triples) so that a
// whole page of rows costs the same few statements as one row.
function prepared(sqlite: Database.Database): Statements {
  let found = statements.get(sqlite);
  if (!found) {
    found = {
      auditsCreated: sqlite.prepare('SELECT id, created_at AS createdAt FROM audits WHERE id IN (SELECT value FROM json_each(?))'),
      // Per control, cause and audit time: what the audit itself and audits made after it gave (not earlier
      // findings), and the newest earlier audit that gave it.
      groups: sqlite.prepare(
        `SELECT t.value AS key,
           (SELECT coalesce(sum(g.n), 0) FROM finding_cause_groups g WHERE g.control_key = t.value ->> 0 AND g.cause = t.value ->> 1 AND g.audit_created_at >= t.value ->> 2) AS later,
           (SELECT g.audit_id FROM finding_cause_groups g WHERE g.control_key = t.value ->> 0 AND g.cause = t.value ->> 1 AND g.audit_created_at < t.value ->> 2 ORDER BY g.audit_created_at DESC LIMIT 1) AS auditId,
           (SELECT max(g.audit_created_at) FROM finding_cause_groups g WHERE g.control_key = t.value ->> 0 AND g.cause = t.value ->> 1 AND g.audit_created_at < t.value ->> 2) AS createdAt
         FROM json_each(?) t`,
      ),
      // One raised finding of that audit with that control and cause, found in findings_repeat_lookup_idx (which holds
      // no drafts: the status <> 'draft' term is what lets SQLite use that partial index).
      newest: sqlite.prepare(
        `SELECT x.key, f.id, f.audit_id AS auditId, a.name AS auditName, f.title, f.status, f.confidential
         FROM (SELECT t.value AS key, (SELECT r.id FROM findings r WHERE lower(r.control_id) = t.value ->> 0 AND r.status IN (${raised}) AND r.status <> 'draft' AND r.cause = t.value ->> 1 AND r.audit_id = t.value ->> 2 LIMIT 1) AS id FROM json_each(?) t) x
         JOIN findings f ON f.id = x.id JOIN audits a ON a.id = f.audit_id`,
      ),
    };
    statements.set(sqlite, found);
  }
  return found;
}

interface RepeatSubject {
  id: string;
  auditId: string;
  controlId: string | null;
  cause: string;
}

/** Repeat state of each row (all of one audit or of several), by finding id: four statements however many rows (and a write once per new distinct cause). */
export function repeatsFor(core: Core, rows: RepeatSubject[]): Map<string, Repeats> {
  const result = new Map<string, Repeats>();
  const sql = prepared(core.sqlite);
  const subjects = rows.filter((row) => row.controlId && row.cause.trim());
  const auditTimes = new Map<string, string>(
    subjects.length === 0
      ? []
      : (sql.auditsCreated.all(JSON.stringify([...new Set(subjects.map((row) => row.auditId))])) as Array<{ id: string; createdAt: string }>).map((a) => [a.id, a.createdAt]),
  );
  // The distinct causes of each control that are the same root cause as each distinct cause of the rows.
  const causes = causesMatching(core, subjects.map((row) => ({ control: (row.controlId as string).toLowerCase(), cause: row.cause })));
  const matching = new Map<string, Array<{ cause: string; n: number; key: string }>>();
  const asked = new Map<string, { later: number; auditId: string | null; createdAt: string | null }>();
  const subjectKey = (row: RepeatSubject, createdAt: string) => JSON.stringify([(row.controlId as string).toLowerCase(), row.cause, createdAt]);
  for (const row of subjects) {
    const createdAt = auditTimes.get(row.auditId);
    if (!createdAt || matching.has(subjectKey(row, createdAt))) continue;
    const control = (row.controlId as string).toLowerCase();
    const found = (causes.get(causeKey(control, row.cause)) ?? []).map((c) => ({ ...c, key: JSON.stringify([control, c.cause, createdAt]) }));
    matching.set(subjectKey(row, createdAt), found);
    for (const c of found) asked.set(c.key, { later: 0, auditId: null, createdAt: null });
  }
  if (asked.size > 0) {
    for (const g of sql.groups.all(JSON.stringify([...asked.keys()].map((key) => JSON.parse(key)))) as Array<{ key: string; later: number; auditId: string | null; createdAt: string | null }>) asked.set(g.key, g);
  }
  // Per row: how many earlier findings, and the control, cause and audit of the newest.
  const counted = new Map<string, { count: number; newest: string | null }>();
  for (const [key, found] of matching) {
    let count = 0;
    let latest: { createdAt: string; newest: string } | undefined;
    for (const c of found) {
      const g = asked.get(c.key) as { later: number; auditId: string | null; createdAt: string | null };
      const n = c.n - g.later;
      if (n <= 0 || !g.auditId || !g.createdAt) continue;
      count += n;
      const [control, cause] = JSON.parse(c.key) as [string, string];
      if (!latest || g.createdAt > latest.createdAt) latest = { createdAt: g.createdAt, newest: JSON.stringify([control, cause, g.auditId]) };
    }
    counted.set(key, { count, newest: latest?.newest ?? null });
  }
  const wanted = [...new Set([...counted.values()].flatMap((c) => (c.newest ? [c.newest] : [])))];
  const newest = new Map<string, Newest>(wanted.length === 0 ? [] : (sql.newest.all(JSON.stringify(wanted.map((key) => JSON.parse(key)))) as Newest[]).map((f) => [f.key, f]));
  for (const row of rows) {
    const createdAt = auditTimes.get(row.auditId);
    const state = row.controlId && row.cause.trim() && createdAt ? counted.get(subjectKey(row, createdAt)) : undefined;
    const f = state?.newest ? newest.get(state.newest) : undefined;
    if (!state || !f) {
      result.set(row.id, none);
      continue;
    }
    const title = f.confidential ? '(confidential finding)' : f.title;
    result.set(row.id, { repeatOf: { id: f.id, auditId: f.auditId, auditName: f.auditName, title, status: f.status }, repeatCount: state.count });
  }
  return result;
}
