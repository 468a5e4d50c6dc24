import type Database from 'better-sqlite3';
import { findingStatuses, type Finding, type FindingStatus } from '../../shared/api/findings';
import type { Core } from '../services';

// Repeat findings: the same control failing for the same root cause in an earlier audit. Earlier
// findings are read from findings_repeat_lookup_idx alone (lower(control_id), status, cause and the
// columns shown), in one query for all the controls of a whole page of rows, skipping drafts by the
// index and grouped by control and cause text so that each distinct cause is compared once: the cost
// follows the earlier findings of those controls, never the whole findings table, their rows or the
// ledger.

export type Repeats = Pick<Finding, 'repeatOf' | 'repeatCount'>;
const none: Repeats = { repeatOf: null, repeatCount: 0 };

/** The earlier findings with one cause text: how many, and the newest (the one shown as the repeat). */
interface Candidate {
  control: string;
  n: number;
  id: string;
  auditId: string;
  auditName: string;
  auditCreatedAt: string;
  title: string;
  status: FindingStatus;
  cause: string;
  confidential: number;
}

const wordCache = new Map<string, Set<string>>();

/** Words of a root cause, for comparing two causes written by different people. */
function causeWords(cause: string): Set<string> {
  let words = wordCache.get(cause);
  if (!words) {
    if (wordCache.size > 20000) wordCache.clear();
    words = new Set(cause.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2));
    wordCache.set(cause, words);
  }
  return words;
}

/** Same control, and causes sharing at least half their words: the same root cause again. */
export function sameRootCause(a: string, b: string): boolean {
  const x = causeWords(a);
  const y = causeWords(b);
  if (x.size === 0 || y.size === 0) return false;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared += 1;
  return shared >= 2 && shared / Math.max(x.size, y.size) > 0.5;
}

/** Every status but draft, as SQL literals: a draft is not yet a finding that can be repeated. */
const raised = findingStatuses
  .filter((status) => status !== 'draft')
  .map((status) => `'${status}'`)
  .join(', ');

const statements = new WeakMap<Database.Database, { earlier: Database.Statement; auditsCreated: Database.Statement }>();

function prepared(sqlite: Database.Database) {
  let found = statements.get(sqlite);
  if (!found) {
    found = {
      // Grouped by the cause's exact text, so that each distinct cause is compared once however often
      // it was written; max() makes SQLite take the other columns from the newest audit's row. The
      // audit's own findings are left out by a.created_at < its own creation time.
      // The controls come as a JSON array of lower-case ids; the control is taken from that array, and
      // the statuses are listed, so that the findings are read from the index (covering) and drafts
      // are never visited.
      earlier: sqlite.prepare(
        `SELECT c.value AS control, f.cause, f.audit_id AS auditId, count(*) AS n, max(a.created_at) AS auditCreatedAt, f.id, a.name AS auditName, f.title, f.status, f.confidential
         FROM json_each(?) c JOIN findings f ON lower(f.control_id) = c.value JOIN audits a ON a.id = f.audit_id
         WHERE f.status IN (${raised}) AND a.created_at < ? GROUP BY c.value, f.cause`,
      ),
      auditsCreated: sqlite.prepare('SELECT id, created_at AS createdAt FROM audits WHERE id IN (SELECT value FROM json_each(?))'),
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

/** Repeat state of each row (all of one audit or of several), by finding id: one query per audit the rows belong to. */
export function repeatsFor(core: Core, rows: RepeatSubject[]): Map<string, Repeats> {
  const result = new Map<string, Repeats>();
  const { earlier, auditsCreated } = prepared(core.sqlite);
  const subjects = rows.filter((row) => row.controlId && row.cause.trim());
  const auditTimes = new Map<string, string>(
    subjects.length === 0
      ? []
      : (auditsCreated.all(JSON.stringify([...new Set(subjects.map((row) => row.auditId))])) as Array<{ id: string; createdAt: string }>).map((a) => [a.id, a.createdAt]),
  );
  // Earlier findings of every control the rows name, by the time their audit was created.
  const candidates = new Map<string, Candidate[]>();
  const byTime = new Map<string, Set<string>>();
  for (const row of subjects) {
    const createdAt = auditTimes.get(row.auditId);
    if (createdAt) byTime.set(createdAt, (byTime.get(createdAt) ?? new Set()).add((row.controlId as string).toLowerCase()));
  }
  for (const [createdAt, controls] of byTime) {
    for (const found of earlier.all(JSON.stringify([...controls]), createdAt) as Candidate[]) {
      const key = `${found.control}\u0000${createdAt}`;
      candidates.set(key, [...(candidates.get(key) ?? []), found]);
    }
  }
  for (const row of rows) {
    const createdAt = auditTimes.get(row.auditId);
    if (!row.controlId || !row.cause.trim() || !createdAt) {
      result.set(row.id, none);
      continue;
    }
    const list = candidates.get(`${row.controlId.toLowerCase()}\u0000${createdAt}`) ?? [];
    let latest: Candidate | undefined;
    let count = 0;
    for (const f of list) {
      if (!sameRootCause(f.cause, row.cause)) continue;
      if (!latest || f.auditCreatedAt > latest.auditCreatedAt) latest = f;
      count += f.n;
    }
    const title = latest?.confidential ? '(confidential finding)' : (latest?.title ?? '');
    result.set(row.id, {
      repeatOf: latest ? { id: latest.id, auditId: latest.auditId, auditName: latest.auditName, title, status: latest.status } : null,
      repeatCount: count,
    });
  }
  return result;
}
