import { eq } from 'drizzle-orm';
import { findingStatuses } from '../../shared/api/findings';
import { pinnedVersion } from '../checklist/pinned';
import { auditPlans, changeTickets, checklistResults, findings, releases, testSignOffs, warroomEntries } from '../db/schema';
import { repeatsFor } from '../findings/repeats';
import { loadLibrary } from '../library/library';
import { getAuditRow } from '../rows';
import type { Core } from '../services';
import { buildBoard, voidedEntries } from '../warroom/board';
import { toEntry } from '../warroom/service';
import { emergencyCause } from './emergency-causes';

// The KPI figures of one audit, worked out from its records: each a numerator and a denominator for
// one release (or none), system, owner team, month, KPI and breakdown part. The catalogue
// (catalogue.ts) says in words what each one counts; this file is where it is counted.

export interface Figure {
  releaseId: string;
  system: string;
  team: string;
  month: string;
  kpi: string;
  part: string;
  /** Set for an open finding's due date: it counts as overdue once that day has passed. */
  dueOn: string;
  numerator: number;
  denominator: number;
}

type ReleaseRow = typeof releases.$inferSelect;
const raised = new Set<string>(findingStatuses.filter((s) => s !== 'draft'));
const month = (iso: string) => iso.slice(0, 7);
const filled = (value: string | null | undefined) => Boolean(value && value.trim() !== '');

/** Adds figures up by their key, so that a KPI has one row per release, team, month and part. */
class Tally {
  private readonly rows = new Map<string, Figure>();
  add(figure: Omit<Figure, 'dueOn' | 'team' | 'part'> & Partial<Pick<Figure, 'dueOn' | 'team' | 'part'>>): void {
    const row: Figure = { team: '', part: '', dueOn: '', ...figure };
    const key = JSON.stringify([row.releaseId, row.team, row.month, row.kpi, row.part, row.dueOn]);
    const found = this.rows.get(key);
    if (found) {
      found.numerator += row.numerator;
      found.denominator += row.denominator;
    } else this.rows.set(key, row);
  }
  list(): Figure[] {
    return [...this.rows.values()];
  }
}

export function auditFigures(core: Core, auditId: string): Figure[] {
  const audit = getAuditRow(core, auditId);
  const tally = new Tally();
  const releaseRows = core.db.select().from(releases).where(eq(releases.auditId, auditId)).all();
  const byId = new Map(releaseRows.map((r) => [r.id, r]));
  const releaseMonth = (r: ReleaseRow) => month(r.windowStart ?? r.createdAt);
  const plan = core.db.select({ halt: auditPlans.haltThresholdPercent }).from(auditPlans).where(eq(auditPlans.id, auditId)).get();

  controlFigures(core, audit, byId, releaseMonth, tally);
  for (const release of releaseRows) releaseFigures(core, release, releaseMonth(release), plan?.halt ?? null, tally);
  findingFigures(core, auditId, byId, tally);
  return tally.list();
}

function controlFigures(core: Core, audit: ReturnType<typeof getAuditRow>, byId: Map<string, ReleaseRow>, releaseMonth: (r: ReleaseRow) => string, tally: Tally): void {
  const results = core.db.select().from(checklistResults).where(eq(checklistResults.auditId, audit.id)).all();
  const library = loadLibrary(core.appRoot);
  for (const result of results) {
    if (result.result !== 'pass' && result.result !== 'fail') continue;
    const versionId = result.templateVersionId ?? audit.templateVersionId;
    const item = versionId ? pinnedVersion(core, versionId).content.items.find((i) => i.key === result.itemKey) : undefined;
    const release = result.releaseId ? byId.get(result.releaseId) : undefined;
    const base = { releaseId: release?.id ?? '', system: release?.system ?? '', month: release ? releaseMonth(release) : month(result.recordedAt), kpi: 'control-failure-rate' };
    const failed = result.result === 'fail' ? 1 : 0;
    tally.add({ ...base, numerator: failed, denominator: 1 });
    if (item) tally.add({ ...base, part: `stage:${item.stage}`, numerator: failed, denominator: 1 });
    const control = item?.controlId ? library.controlsById.get(item.controlId) : undefined;
    for (const [framework, ids] of Object.entries(control?.mappings ?? {})) {
      if (ids.length > 0) tally.add({ ...base, part: `framework:${framework}`, numerator: failed, denominator: 1 });
    }
  }
}

function releaseFigures(core: Core, release: ReleaseRow, releaseMonth: string, haltThreshold: number | null, tally: Tally): void {
  const base = { releaseId: release.id, system: release.system, month: releaseMonth };
  const tickets = core.db.select().from(changeTickets).where(eq(changeTickets.releaseId, release.id)).all();
  const approved = tickets.filter((t) => t.approvalStatus === 'approved' && t.approvedAt);
  const windowStart = release.windowStart ? Date.parse(release.windowStart) : null;
  const signOffs = core.db.select().from(testSignOffs).where(eq(testSignOffs.releaseId, release.id)).all();
  const documents: Record<string, boolean> = {
    rfc: tickets.length > 0,
    'approved-before-window': windowStart !== null && approved.some((t) => Date.parse(t.approvedAt as string) <= windowStart),
    'backout-plan': filled(release.backoutPlan),
    'risk-assessment': filled(release.riskAssessment),
    'signed-runbook': filled(release.runbookSignedBy) && release.runbookSignedAt !== null,
    'test-sign-off': testAccepted(signOffs),
  };
  for (const [doc, present] of Object.entries(documents)) {
    tally.add({ ...base, kpi: 'documentation-completeness', numerator: present ? 1 : 0, denominator: 1 });
    tally.add({ ...base, kpi: 'documentation-completeness', part: `doc:${doc}`, numerator: present ? 1 : 0, denominator: 1 });
  }
  const emergency = release.emergency ? 1 : 0;
  tally.add({ ...base, kpi: 'emergency-frequency', numerator: emergency, denominator: 1 });
  tally.add({ ...base, kpi: 'emergency-share', numerator: emergency, denominator: 1 });
  tally.add({ ...base, kpi: 'emergency-share', part: `system:${release.system || '(no system)'}`, numerator: emergency, denominator: 1 });
  if (release.emergency) {
    tally.add({ ...base, kpi: 'post-facto-approval', numerator: filled(release.postFactoApprovedBy) && release.postFactoApprovedAt ? 1 : 0, denominator: 1 });
    const review = release.emergencyReview as { notes?: string } | null;
    tally.add({ ...base, kpi: 'emergency-cause', part: `cause:${emergencyCause(release.emergencyJustification, review?.notes ?? '')}`, numerator: 1, denominator: 1 });
    const bypassed = new Set((release.bypassedControls as Array<{ itemKey?: unknown }>).map((b) => String(b.itemKey ?? '')).filter(Boolean));
    for (const itemKey of bypassed) tally.add({ ...base, kpi: 'emergency-bypass', part: `item:${itemKey}`, numerator: 1, denominator: 1 });
  }
  if (windowStart !== null) {
    for (const t of approved) tally.add({ ...base, kpi: 'late-approvals', numerator: Date.parse(t.approvedAt as string) > windowStart ? 1 : 0, denominator: 1 });
  }
  warRoomFigures(core, release, base, haltThreshold, tally);
}

/** The latest sign-off of each imported test report holds; the release has a test sign-off when one of them accepts it. */
function testAccepted(signOffs: Array<typeof testSignOffs.$inferSelect>): boolean {
  const latest = new Map<string, typeof testSignOffs.$inferSelect>();
  for (const s of signOffs) {
    const held = latest.get(s.importId);
    if (!held || s.signedAt > held.signedAt || (s.signedAt === held.signedAt && s.id > held.id)) latest.set(s.importId, s);
  }
  return [...latest.values()].some((s) => s.decision === 'accepted' || s.decision === 'accepted-with-exceptions');
}

function warRoomFigures(core: Core, release: ReleaseRow, base: { releaseId: string; system: string; month: string }, haltThreshold: number | null, tally: Tally): void {
  const entries = core.db.select().from(warroomEntries).where(eq(warroomEntries.releaseId, release.id)).all().map(toEntry);
  if (entries.length === 0) return;
  const board = buildBoard(release.id, entries, []);
  const voided = voidedEntries(entries);
  const live = entries.filter((e) => !voided.has(e.id) && e.kind !== 'correction');
  const pending = new Set(board.pendingChanges.map((c) => c.entryId));
  for (const change of live.filter((e) => e.kind === 'on-the-fly-change')) tally.add({ ...base, kpi: 'on-the-fly-approved', numerator: pending.has(change.id) ? 0 : 1, denominator: 1 });
  for (const check of live.filter((e) => e.kind === 'halt-check')) {
    const threshold = haltThreshold ?? Number(check.body.thresholdPercent);
    tally.add({ ...base, kpi: 'halt-breaches', numerator: Number(check.body.observedPercent) > threshold ? 1 : 0, denominator: 1 });
  }
  for (const rollback of board.rollbacks.filter((r) => r.finishedAt !== null)) {
    tally.add({ ...base, kpi: 'rollback-success', numerator: rollback.outcome === 'recovered' ? 1 : 0, denominator: 1 });
    tally.add({ ...base, kpi: 'rto-met', numerator: rollback.rtoMet ? 1 : 0, denominator: 1 });
  }
}

function findingFigures(core: Core, auditId: string, byId: Map<string, ReleaseRow>, tally: Tally): void {
  const rows = core.db.select().from(findings).where(eq(findings.auditId, auditId)).all().filter((f) => raised.has(f.status));
  const repeats = repeatsFor(core, rows);
  for (const f of rows) {
    const release = f.releaseId ? byId.get(f.releaseId) : undefined;
    const base = { releaseId: release?.id ?? '', system: release?.system ?? '', team: f.ownerName.trim() || f.ownerRole.trim(), month: month(f.createdAt) };
    tally.add({ ...base, kpi: 'repeat-finding-rate', numerator: (repeats.get(f.id)?.repeatCount ?? 0) > 0 ? 1 : 0, denominator: 1 });
    if (!f.dueAt) continue;
    const part = `severity:${f.severity}`;
    if (f.status === 'closed') {
      const onTime = f.updatedAt.slice(0, 10) <= f.dueAt ? 1 : 0;
      tally.add({ ...base, kpi: 'remediation-on-time', numerator: onTime, denominator: 1 });
      tally.add({ ...base, kpi: 'remediation-on-time', part, numerator: onTime, denominator: 1 });
    } else if (f.status !== 'risk-accepted') {
      tally.add({ ...base, kpi: 'overdue-findings', dueOn: f.dueAt, numerator: 0, denominator: 1 });
      tally.add({ ...base, kpi: 'overdue-findings', part, dueOn: f.dueAt, numerator: 0, denominator: 1 });
    }
  }
}
