import type { EntryKind } from '../../shared/api/warroom';
import type { Core } from '../services';
import { voidedEntries } from '../warroom/board';

// What one release says about its deployment, read with the indexed queries of its own rows only
// (its imports, their facts by import, war-room entries and tickets by release): when it reached
// production, whether it was rolled back and recovered, whether it is a hotfix, and its commits'
// times. The JSON of a fact is read by SQLite's json_extract, field by field, never parsed whole in
// JavaScript, and only once per import: an import and its facts are never changed, so what they say
// is kept by import id, and a change elsewhere reads only the imports that are new since.

export interface ReleaseRow {
  id: string;
  auditId: string;
  auditName: string;
  auditCreatedAt: string;
  identifier: string;
  system: string;
  environments: string[];
  windowStart: string | null;
  windowEnd: string | null;
  emergency: boolean;
}

export interface Rollback {
  startedAt: string;
  /** When it ended with the service recovered, or null (failed, or not finished). */
  recoveredAt: string | null;
  how: string;
}

export interface ReleaseSignals {
  release: ReleaseRow;
  deployedAt: string | null;
  deployedAtFrom: string;
  hotfix: boolean;
  hotfixWhy: string | null;
  rollbacks: Rollback[];
  /** Each commit's time (committed, else authored), or null where the file gave none. */
  commitTimes: Array<string | null>;
}

/** Production names an environment may carry (prod, production, prd, live), as whole words. */
const PRODUCTION = new Set(['prod', 'production', 'prd', 'live']);
/** Words that make a "prod" environment something else: pre-prod, non-prod. */
const NOT_PRODUCTION = new Set(['pre', 'non', 'not']);

function namesProduction(environment: string): boolean {
  const words = environment.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  return words.some((w) => PRODUCTION.has(w)) && !words.some((w) => NOT_PRODUCTION.has(w));
}
const SUCCESS = /^(success|succeeded|successful|passed|ok|completed|complete|healthy)$/i;
const HOTFIX = /hot[\s-]?fix/i;

/** A release counts as a production deployment unless it names only environments that are not production. */
export function isProduction(release: Pick<ReleaseRow, 'environments'>): boolean {
  return release.environments.length === 0 || release.environments.some(namesProduction);
}

export function allReleases(core: Core): ReleaseRow[] {
  const rows = core.sqlite
    .prepare(
      `SELECT r.id, r.audit_id AS auditId, a.name AS auditName, a.created_at AS auditCreatedAt, r.identifier, r.system, r.environments,
              r.window_start AS windowStart, r.window_end AS windowEnd, r.emergency
       FROM releases r JOIN audits a ON a.id = r.audit_id ORDER BY a.created_at, a.id, r.window_start, r.id`,
    )
    .all() as Array<Omit<ReleaseRow, 'environments' | 'emergency'> & { environments: string; emergency: number }>;
  return rows.map((r) => ({ ...r, system: r.system.trim(), environments: JSON.parse(r.environments) as string[], emergency: r.emergency === 1 }));
}

/** What one import says (never changed once written, so kept for good by its id). */
interface ImportSignals {
  runEnds: string[];
  rollouts: Array<{ name: string; abortedAt: string }>;
  changes: Array<{ number: string; type: string | null; summary: string | null }>;
  commitTimes: Array<string | null>;
}

const keptImports = new WeakMap<Core, Map<string, ImportSignals>>();

export function signalReader(core: Core): (release: ReleaseRow) => ReleaseSignals {
  const importsOf = core.sqlite.prepare('SELECT id FROM imports WHERE release_id = ?').pluck();
  const facts = core.sqlite.prepare(
    `SELECT kind,
            json_extract(data, '$.result') AS result, json_extract(data, '$.endedAt.utc') AS endedAt,
            json_extract(data, '$.name') AS name, json_extract(data, '$.aborted') AS aborted, json_extract(data, '$.abortedAt.utc') AS abortedAt,
            json_extract(data, '$.number') AS number, json_extract(data, '$.type') AS type, json_extract(data, '$.summary') AS summary,
            coalesce(json_extract(data, '$.committedAt.utc'), json_extract(data, '$.authoredAt.utc')) AS at
     FROM import_facts WHERE import_id = ? AND kind IN ('run', 'rollout', 'change', 'commit') ORDER BY seq`,
  );
  const kept = keptImports.get(core) ?? new Map<string, ImportSignals>();
  keptImports.set(core, kept);
  const importSignals = (importId: string): ImportSignals => {
    const known = kept.get(importId);
    if (known) return known;
    const read: ImportSignals = { runEnds: [], rollouts: [], changes: [], commitTimes: [] };
    for (const f of facts.all(importId) as Array<Record<string, string | number | null>>) {
      if (f.kind === 'run' && typeof f.endedAt === 'string' && SUCCESS.test(String(f.result ?? ''))) read.runEnds.push(f.endedAt);
      else if (f.kind === 'rollout' && f.aborted === 1 && typeof f.abortedAt === 'string') read.rollouts.push({ name: String(f.name), abortedAt: f.abortedAt });
      else if (f.kind === 'change') read.changes.push({ number: String(f.number), type: (f.type as string | null) ?? null, summary: (f.summary as string | null) ?? null });
      else if (f.kind === 'commit') read.commitTimes.push(typeof f.at === 'string' ? f.at : null);
    }
    kept.set(importId, read);
    return read;
  };
  const tickets = core.sqlite.prepare('SELECT reference, title FROM change_tickets WHERE release_id = ?');
  const entries = core.sqlite.prepare(
    `SELECT id, kind, at, body FROM warroom_entries
     WHERE release_id = ? AND kind IN ('step-finished', 'node-status', 'rollback-started', 'rollback-finished', 'correction')
     ORDER BY at, recorded_at, id`,
  );

  return (release) => {
    const log = (entries.all(release.id) as Array<{ id: string; kind: EntryKind; at: string; body: string }>).map((e) => ({ ...e, body: JSON.parse(e.body) as Record<string, unknown> }));
    const voided = voidedEntries(log);
    const live = log.filter((e) => !voided.has(e.id) && e.kind !== 'correction');

    const imported = (importsOf.all(release.id) as string[]).map(importSignals);
    const runEnds = imported.flatMap((i) => i.runEnds);
    const finished = live.filter((e) => e.kind === 'step-finished' || (e.kind === 'node-status' && e.body.status === 'succeeded')).map((e) => e.at);
    const [deployedAt, deployedAtFrom] =
      runEnds.length > 0
        ? [latest(runEnds), 'the end of its last successful pipeline run']
        : finished.length > 0
          ? [latest(finished), 'the last step or node the war-room log shows finished']
          : release.windowEnd
            ? [release.windowEnd, 'the end of its deployment window']
            : release.windowStart
              ? [release.windowStart, 'the start of its deployment window']
              : [null, ''];

    const rollbacks: Rollback[] = [];
    for (const started of live.filter((e) => e.kind === 'rollback-started')) {
      const end = live.find((e) => e.kind === 'rollback-finished' && e.at >= started.at && e.body.outcome === 'recovered');
      rollbacks.push({ startedAt: started.at, recoveredAt: end?.at ?? null, how: 'rolled back in the war room' });
    }
    for (const r of imported.flatMap((i) => i.rollouts)) {
      // Aborting an Argo rollout sends traffic back to the stable version at once: recovered when aborted.
      rollbacks.push({ startedAt: r.abortedAt, recoveredAt: r.abortedAt, how: `rollout ${r.name} aborted (imported)` });
    }

    return {
      release,
      deployedAt,
      deployedAtFrom,
      ...hotfixOf(release, tickets.all(release.id) as Array<{ reference: string; title: string }>, imported.flatMap((i) => i.changes)),
      rollbacks,
      commitTimes: imported.flatMap((i) => i.commitTimes),
    };
  };
}

function hotfixOf(release: ReleaseRow, tickets: Array<{ reference: string; title: string }>, changes: Array<{ number: string; type: string | null; summary: string | null }>): { hotfix: boolean; hotfixWhy: string | null } {
  if (release.emergency) return { hotfix: true, hotfixWhy: 'marked as an emergency release' };
  if (HOTFIX.test(release.identifier)) return { hotfix: true, hotfixWhy: 'named a hotfix' };
  const ticket = tickets.find((t) => HOTFIX.test(t.title) || HOTFIX.test(t.reference));
  if (ticket) return { hotfix: true, hotfixWhy: `its change ticket ${ticket.reference} is a hotfix` };
  const change = changes.find((c) => /^emergency$/i.test(c.type ?? '') || HOTFIX.test(c.summary ?? ''));
  if (change) return { hotfix: true, hotfixWhy: `its change record ${change.number} is ${/^emergency$/i.test(change.type ?? '') ? 'an emergency change' : 'a hotfix'}` };
  return { hotfix: false, hotfixWhy: null };
}

const latest = (times: string[]): string => times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
