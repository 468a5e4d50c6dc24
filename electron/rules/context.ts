import { Fact } from '../../shared/api/imports';
import type { PackContent } from '../../shared/api/rules';
import { getRelease } from '../releases/service';
import type { Core } from '../services';
import { warRoomBoard } from '../warroom/service';
import { auditSettingsOf, releaseDerivers } from './derivers';
import type { EvalContext, ReleaseRecord, StoredFact } from './evaluate';

// What the rules read from the database: the imported facts (tables import_facts and imports, read
// only), the release's own record and tickets, and what its war room adds up to.

type FactRow = { id: string; importId: string; evidenceId: string; releaseId: string | null; data: string };

const factQuery = `SELECT f.id, f.import_id AS importId, i.evidence_id AS evidenceId, f.release_id AS releaseId, f.data
  FROM import_facts f JOIN imports i ON i.id = f.import_id WHERE f.audit_id = ?`;

function toFacts(rows: FactRow[]): { facts: StoredFact[]; unreadable: number } {
  const facts: StoredFact[] = [];
  let unreadable = 0;
  for (const row of rows) {
    let data: unknown;
    try {
      data = JSON.parse(row.data);
    } catch {
      data = null;
    }
    // A fact the rules cannot read is counted, never guessed at.
    const parsed = Fact.safeParse(data);
    if (parsed.success) facts.push({ id: row.id, importId: row.importId, evidenceId: row.evidenceId, releaseId: row.releaseId, data: parsed.data });
    else unreadable += 1;
  }
  return { facts, unreadable };
}

/** The kinds of fact the release's view and the derived values read, whatever the rules look at. */
const contextKinds = ['run', 'change', 'approval', 'transition', 'rollout'];

/** The kinds a subject's deriver reads besides its own: a vulnerability's VEX decisions and the components its refs name. */
const alsoRead: Partial<Record<string, string[]>> = { vulnerability: ['vex-statement', 'sbom-component'] };

/** The kinds a pack's rules need: a big log's thousands of message lines are not read unless a rule looks at messages. */
export function kindsFor(pack: PackContent): string[] {
  const subjects = pack.rules.map((rule) => (rule.for === 'commit-ticket' ? 'commit' : rule.for)).filter((kind) => kind !== 'release');
  const forRelease = pack.rules.some((rule) => rule.for === 'release') ? releaseDerivers.flatMap((d) => d.kinds) : [];
  return [...new Set([...contextKinds, ...subjects, ...subjects.flatMap((kind) => alsoRead[kind] ?? []), ...forRelease])];
}

/** The facts of those kinds of one release of the audit, or (null) those imported with no release. */
export function factsOf(core: Core, auditId: string, releaseId: string | null, kinds: string[]): { facts: StoredFact[]; unreadable: number } {
  const only = `AND f.kind IN (${kinds.map(() => '?').join(', ')})`;
  const rows = releaseId === null
    ? core.sqlite.prepare(`${factQuery} AND f.release_id IS NULL ${only} ORDER BY f.import_id, f.seq`).all(auditId, ...kinds)
    : core.sqlite.prepare(`${factQuery} AND f.release_id = ? ${only} ORDER BY f.import_id, f.seq`).all(auditId, releaseId, ...kinds);
  return toFacts(rows as FactRow[]);
}

/** Change records, approvals and status moves imported anywhere in the audit: where a commit's ticket is looked up. */
export function changeFactsOf(core: Core, auditId: string): StoredFact[] {
  const rows = core.sqlite.prepare(`${factQuery} AND f.kind IN ('change', 'approval', 'transition') ORDER BY f.import_id, f.seq`).all(auditId);
  return toFacts(rows as FactRow[]).facts;
}

export function releaseRecord(core: Core, releaseId: string): ReleaseRecord {
  const release = getRelease(core, releaseId);
  const board = warRoomBoard(core, releaseId);
  return {
    id: release.id,
    identifier: release.identifier,
    windowStart: release.windowStart,
    windowEnd: release.windowEnd,
    emergency: release.emergency,
    emergencyJustification: release.emergencyJustification,
    postFactoApprovedAt: release.postFactoApprovedAt,
    postFactoApprovedBy: release.postFactoApprovedBy,
    tickets: release.tickets.map((t) => ({ reference: t.reference, approvalStatus: t.approvalStatus, approvedBy: t.approvedBy, approvedAt: t.approvedAt })),
    runbook: { steps: board.steps.length, finished: board.steps.filter((s) => s.actualEnd !== null).length },
    nodes: board.nodes.map((n) => ({ node: n.node, status: n.status })),
    haltChecks: board.haltBreaches.map((h) => ({ decision: h.decision, breached: true })),
    declaredVersions: { sourceTag: release.sourceTag, buildNumber: release.buildNumber, manifestVersion: release.manifestVersion },
  };
}

export function contextOf(core: Core, auditId: string, releaseId: string | null, changeFacts: StoredFact[]): EvalContext {
  return { release: releaseId === null ? null : releaseRecord(core, releaseId), changeFacts, audit: auditSettingsOf(core, auditId) };
}
