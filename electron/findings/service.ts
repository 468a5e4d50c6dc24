import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { FindingFields, findingTransitions, type Finding, type FindingStatus } from '../../shared/api/findings';
import type { Severity } from '../../shared/enums';
import { getAuditRow, requireAudit } from '../rows';
import { resultRow } from '../checklist/service';
import { evidenceLinks, findings, releases } from '../db/schema';
import { newId, utcNow } from '../ids';
import { loadLibrary } from '../library/library';
import { transact, type Core } from '../services';
import { pinnedVersion } from '../checklist/pinned';
import { defaultDueDate } from './due-dates';
import { findingFields, findingRow, toFinding, type FindingRow } from './list';
import { changedFields } from '../changed-fields';

export { getFinding, listFindings, pageFindings } from './list';
export { sameRootCause } from './repeats';

// Findings through their workflow. Each change goes through the ledger; a finding never leaves draft
// without criteria, condition, cause, effect, recommendation and at least one piece of evidence.

export function createFinding(core: Core, input: Partial<FindingFields> & { auditId: string; title: string }): Finding {
  // The checks, the write and the answer run in one transaction: a read on its own after a commit first starts
  // a read transaction, which cost more than the lookups themselves. A refused input writes nothing.
  return transact(core, (records) => {
    requireAudit(core, input.auditId);
    const { auditId, ...fields } = input;
    const now = utcNow();
    const parsed = FindingFields.parse(fields);
    checkDueDate(parsed.dueAt, now);
    checkControl(core, parsed.controlId);
    const dueAt = parsed.dueAt ?? defaultDueDate(parsed.severity, now);
    const row = records.insert('findings', { id: newId(), auditId, ...parsed, dueAt, status: 'draft', createdAt: now, updatedAt: now });
    // A finding just made has no evidence yet: its answer needs only its repeat state looked up.
    const made: FindingRow & { evidenceCount: number } = { ...(row as FindingRow), evidenceCount: 0 };
    return toFinding(core, made);
  });
}

export function updateFinding(core: Core, input: Partial<FindingFields> & { id: string }): Finding {
  // In one transaction, as createFinding: the stored fields checked, the change written, and the answer read.
  return transact(core, (records) => {
    // The check needs the stored fields only, not the repeat state (which the answer below carries).
    const current = findingFields(core, findingRow(core, input.id));
    if (current.status === 'closed' || current.status === 'risk-accepted') {
      throw new AppError('LOCKED', `The finding is ${current.status}; it can no longer be edited.`);
    }
    const { id, ...fields } = input;
    if (fields.dueAt !== undefined) checkDueDate(fields.dueAt, current.createdAt);
    checkControl(core, fields.controlId);
    const changed = changedFields(fields, current);
    if (Object.keys(changed).length === 0) return toFinding(core, findingRow(core, id));
    // The row as the update stored it; an edit of its fields leaves its evidence as it was.
    const stored = records.update<FindingRow>('findings', id, { ...changed, updatedAt: utcNow() });
    const edited: FindingRow & { evidenceCount: number } = { ...stored, evidenceCount: current.evidenceCount };
    return toFinding(core, edited);
  });
}

/** A finding names a control of the library or none, as an interview does. */
function checkControl(core: Core, controlId: string | null | undefined): void {
  if (controlId && !loadLibrary(core.appRoot).controlsById.has(controlId)) throw new AppError('VALIDATION', `controlId: ${controlId} is not a control of the library.`);
}

function checkDueDate(dueAt: string | null | undefined, raisedAt: string): void {
  if (dueAt && dueAt < raisedAt.slice(0, 10)) throw new AppError('VALIDATION', `dueAt: ${dueAt} is before the finding was raised.`);
}

export function transitionFinding(core: Core, input: { id: string; to: FindingStatus; acceptedBy: string; reason: string }): Finding {
  const current = findingFields(core, findingRow(core, input.id));
  const allowed = findingTransitions[current.status];
  if (!allowed.includes(input.to)) {
    throw new AppError('CONFLICT', `A finding that is ${current.status} cannot become ${input.to}${allowed.length ? `; it can become ${allowed.join(' or ')}` : ''}.`);
  }
  if (current.status === 'draft') {
    const missing = (['criteria', 'condition', 'cause', 'effect', 'recommendation'] as const).filter((field) => current[field].trim() === '');
    if (missing.length > 0) throw new AppError('VALIDATION', `The finding cannot leave draft without its ${missing.join(', ')}.`);
    if (current.evidenceCount === 0) throw new AppError('VALIDATION', 'The finding cannot leave draft without at least one piece of evidence.');
  }
  if (input.to === 'risk-accepted') {
    // An accepted risk needs someone who owns it, besides who accepted it and why: named as the screen labels them.
    const missing = [
      [current.ownerName, 'Owner'],
      [input.acceptedBy, 'Risk accepted by'],
      [input.reason, 'Why the risk is accepted'],
    ].filter(([value]) => !value!.trim()).map(([, label]) => label);
    if (missing.length > 0) throw new AppError('VALIDATION', `To accept the risk, fill in: ${missing.join(', ')}.`);
  }
  transact(core, (records) =>
    records.update('findings', input.id, {
      status: input.to,
      ...(input.to === 'risk-accepted' ? { acceptedBy: input.acceptedBy.trim(), acceptedReason: input.reason.trim() } : {}),
      updatedAt: utcNow(),
    }),
  );
  return toFinding(core, findingRow(core, input.id));
}

export function raiseFromResult(core: Core, resultId: string): Finding {
  const result = resultRow(core, resultId);
  if (result.result !== 'fail') throw new AppError('VALIDATION', 'Only a failed checklist item raises a finding.');
  const already = core.db.select().from(findings).where(eq(findings.sourceResultId, resultId)).get();
  if (already) throw new AppError('CONFLICT', `A finding was already raised from this item: "${already.title}".`);
  const audit = getAuditRow(core, result.auditId);
  // A published version never changes: read and parsed once per database, not on every raise.
  const version = pinnedVersion(core, result.templateVersionId ?? (audit.templateVersionId as string));
  const item = version.content.items.find((i) => i.key === result.itemKey);
  const release = result.releaseId ? core.db.select().from(releases).where(eq(releases.id, result.releaseId)).get() : undefined;
  const bypassed = Boolean(release?.emergency && (release.bypassedControls as Array<{ itemKey: string }>).some((b) => b.itemKey === result.itemKey));
  const now = utcNow();
  const severity: Severity = 'major';
  const linked = core.db.select().from(evidenceLinks).where(eq(evidenceLinks.targetId, resultId)).all();
  const row = transact(core, (records) => {
    const finding = records.insert('findings', {
      id: newId(),
      auditId: result.auditId,
      title: `${item?.title ?? result.itemKey}: not met${release ? ` (${release.identifier})` : ''}`,
      severity,
      status: 'draft',
      controlId: item?.controlId ?? null,
      stage: item?.stage ?? null,
      // What should be is the control's requirement (its objective); the test procedure is how it was checked.
      criteria: (item?.controlId ? loadLibrary(core.appRoot).controlsById.get(item.controlId)?.objective : undefined) ?? item?.title ?? '',
      condition: result.note,
      dueAt: defaultDueDate(severity, now, { bypassedControl: bypassed }),
      releaseId: result.releaseId,
      sourceResultId: resultId,
      createdAt: now,
      updatedAt: now,
    });
    for (const link of linked) {
      records.insert('evidence_links', { id: newId(), evidenceId: link.evidenceId, targetType: 'finding', targetId: finding.id, linkedBy: core.actor, linkedAt: now });
    }
    return finding;
  });
  return toFinding(core, row as FindingRow);
}

/** Per owner and per audit: how their findings stand, to see who remediates and who does not. */
export function ownerTrends(core: Core) {
  const rows = core.sqlite
    .prepare(
      `SELECT coalesce(nullif(f.owner_name, ''), nullif(f.owner_role, ''), 'unassigned') AS owner, a.id AS auditId, a.name AS auditName, a.created_at AS createdAt,
         sum(f.status IN ('open', 'in-remediation', 'ready-for-verification')) AS open, sum(f.status = 'closed') AS closed, sum(f.status = 'risk-accepted') AS accepted,
         sum(f.status NOT IN ('closed', 'risk-accepted') AND f.due_at IS NOT NULL AND f.due_at < date('now')) AS overdue
       FROM findings f JOIN audits a ON a.id = f.audit_id WHERE f.status <> 'draft' GROUP BY owner, a.id ORDER BY owner, a.created_at`,
    )
    .all() as Array<{ owner: string; auditId: string; auditName: string; createdAt: string; open: number; closed: number; accepted: number; overdue: number }>;
  const byOwner = new Map<string, Array<Omit<(typeof rows)[number], 'owner'>>>();
  for (const { owner, ...rest } of rows) byOwner.set(owner, [...(byOwner.get(owner) ?? []), rest]);
  return [...byOwner].map(([owner, audits]) => ({ owner, audits }));
}

export function discardFinding(core: Core, id: string): { discarded: boolean } {
  const row = findingRow(core, id);
  if (row.status !== 'draft') throw new AppError('CONFLICT', 'Only a draft finding can be discarded; an open one is closed or its risk accepted.');
  const links = core.db.select().from(evidenceLinks).where(eq(evidenceLinks.targetId, id)).all();
  transact(core, (records) => {
    for (const link of links) records.remove('evidence_links', link.id);
    records.remove('findings', id);
  });
  return { discarded: true };
}
