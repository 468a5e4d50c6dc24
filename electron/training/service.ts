import { and, asc, desc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { severities } from '../../shared/enums';
import {
  CalibrationFields,
  TrainingNeedFields,
  guidanceFor,
  trainingRoles,
  type CalibrationSession,
  type Guidance,
  type PlannedNeed,
  type TrainingNeed,
  type TrainingPlan,
  type TrainingRole,
} from '../../shared/api/training';
import { changedFields } from '../changed-fields';
import { calibrationSessions, findings, trainingNeeds } from '../db/schema';
import { derivedId, newId, utcNow } from '../ids';
import { loadLibrary } from '../library/library';
import { getAuditRow, requireAudit, rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';

// Training needs tagged on findings, the plan they make per role, and calibration sessions. A need
// is one per finding and role (its id derives from both, so two laptops tagging it hold one need).

type NeedRow = typeof trainingNeeds.$inferSelect;
type SessionRow = typeof calibrationSessions.$inferSelect;

export function tagTrainingNeed(core: Core, input: { findingId: string; role: TrainingRole; note?: string }): TrainingNeed {
  const finding = rowOrNotFound(core, 'findings', input.findingId, 'finding');
  refuseFinalised(core, finding.auditId);
  // A draft can still be discarded, and a need would have nothing left to point at.
  if (finding.status === 'draft') throw new AppError('CONFLICT', `The finding "${finding.title}" is still a draft: open it first, then tag its training needs.`);
  const existing = core.db.select().from(trainingNeeds).where(and(eq(trainingNeeds.findingId, finding.id), eq(trainingNeeds.role, input.role))).get();
  if (existing) return saveTrainingNeed(core, { id: existing.id, note: input.note ?? existing.note });
  // A need tagged again after its removal is a new record (the ledger keeps the removed one's history).
  const derived = derivedId('training-need', finding.id, input.role);
  const id = core.sqlite.prepare("SELECT 1 FROM ledger WHERE entity = 'training_needs' AND entity_id = ? LIMIT 1").get(derived) ? newId() : derived;
  const fields = TrainingNeedFields.parse({ note: input.note ?? '' });
  const now = utcNow();
  transact(core, (records) => records.insert('training_needs', { id, auditId: finding.auditId, findingId: finding.id, role: input.role, ...fields, createdAt: now, updatedAt: now }));
  return toNeed(needRow(core, id));
}

export function saveTrainingNeed(core: Core, input: Partial<TrainingNeedFields> & { id: string }): TrainingNeed {
  const { id, ...fields } = input;
  const row = needRow(core, id);
  const current = toNeed(row);
  const changed = changedFields(fields, current);
  if (Object.keys(changed).length === 0) return current;
  refuseFinalised(core, row.auditId);
  transact(core, (records) => records.update('training_needs', id, { ...changed, updatedAt: utcNow() }));
  return toNeed(needRow(core, id));
}

export function removeTrainingNeed(core: Core, id: string): { removed: true } {
  const row = needRow(core, id);
  refuseFinalised(core, row.auditId);
  transact(core, (records) => records.remove('training_needs', id));
  return { removed: true };
}

export function needsOfFinding(core: Core, findingId: string): TrainingNeed[] {
  rowOrNotFound(core, 'findings', findingId, 'finding');
  return core.db.select().from(trainingNeeds).where(eq(trainingNeeds.findingId, findingId)).all().map(toNeed).sort(byRole);
}

export function trainingPlan(core: Core, auditId: string): TrainingPlan {
  requireAudit(core, auditId);
  const rows = core.db
    .select({ need: trainingNeeds, title: findings.title, severity: findings.severity, controlId: findings.controlId })
    .from(trainingNeeds)
    .innerJoin(findings, eq(findings.id, trainingNeeds.findingId))
    .where(eq(trainingNeeds.auditId, auditId))
    .orderBy(asc(trainingNeeds.createdAt), asc(trainingNeeds.id))
    .all();
  const needs: PlannedNeed[] = rows.map((row) => ({ ...toNeed(row.need), findingTitle: row.title, findingSeverity: row.severity as PlannedNeed['findingSeverity'], controlId: row.controlId }));
  // Within a role, the most severe findings first, then by title.
  needs.sort((a, b) => severities.indexOf(a.findingSeverity) - severities.indexOf(b.findingSeverity) || a.findingTitle.localeCompare(b.findingTitle) || a.id.localeCompare(b.id));
  return { roles: trainingRoles.map((role) => ({ role, needs: needs.filter((need) => need.role === role) })).filter((group) => group.needs.length > 0) };
}

export function createCalibrationSession(core: Core, input: Partial<CalibrationFields> & { heldOn: string }): CalibrationSession {
  const fields = CalibrationFields.parse(input);
  checkControls(core, fields);
  const now = utcNow();
  const id = newId();
  transact(core, (records) => records.insert('calibration_sessions', { id, ...fields, controlIds: controlIdsOf(fields), createdAt: now, updatedAt: now }));
  return toSession(sessionRow(core, id));
}

export function saveCalibrationSession(core: Core, input: Partial<CalibrationFields> & { id: string }): CalibrationSession {
  const { id, ...fields } = input;
  const current = toSession(sessionRow(core, id));
  const next = CalibrationFields.parse({ ...fieldsOf(current), ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) });
  checkControls(core, next);
  const changed = changedFields({ ...next, controlIds: controlIdsOf(next) }, current);
  if (Object.keys(changed).length === 0) return current;
  transact(core, (records) => records.update('calibration_sessions', id, { ...changed, updatedAt: utcNow() }));
  return toSession(sessionRow(core, id));
}

export function listCalibrationSessions(core: Core): CalibrationSession[] {
  return core.db.select().from(calibrationSessions).orderBy(desc(calibrationSessions.heldOn), desc(calibrationSessions.id)).all().map(toSession);
}

/** The agreed interpretations of a control that apply on a day (today when none is given). */
export function guidanceOf(core: Core, controlId: string, on: string | null = null): Guidance[] {
  return guidanceFor(listCalibrationSessions(core), controlId, on ?? utcNow());
}

function checkControls(core: Core, fields: CalibrationFields): void {
  const library = loadLibrary(core.appRoot);
  for (const { controlId } of fields.interpretations) {
    if (!library.controlsById.has(controlId)) throw new AppError('VALIDATION', `interpretations: ${controlId} is not a control of the library.`);
  }
}

function refuseFinalised(core: Core, auditId: string): void {
  const audit = getAuditRow(core, auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', `The audit "${audit.name}" is finalised: its training needs can no longer change.`);
}

const controlIdsOf = (fields: CalibrationFields): string[] => fields.interpretations.map((i) => i.controlId);
const byRole = (a: TrainingNeed, b: TrainingNeed): number => trainingRoles.indexOf(a.role) - trainingRoles.indexOf(b.role);

function needRow(core: Core, id: string): NeedRow {
  return rowOrNotFound(core, 'training_needs', id, 'training need');
}

function sessionRow(core: Core, id: string): SessionRow {
  return rowOrNotFound(core, 'calibration_sessions', id, 'calibration session');
}

function toNeed(row: NeedRow): TrainingNeed {
  return { ...TrainingNeedFields.parse({ note: row.note, status: row.status, plannedOn: row.plannedOn }), id: row.id, auditId: row.auditId, findingId: row.findingId, role: row.role as TrainingRole, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

function fieldsOf(session: CalibrationSession): CalibrationFields {
  return { heldOn: session.heldOn, auditors: session.auditors, releaseTeam: session.releaseTeam, interpretations: session.interpretations, notes: session.notes };
}

function toSession(row: SessionRow): CalibrationSession {
  const fields = CalibrationFields.parse({ heldOn: row.heldOn, auditors: row.auditors, releaseTeam: row.releaseTeam, interpretations: row.interpretations, notes: row.notes });
  return { ...fields, id: row.id, controlIds: row.controlIds, createdAt: row.createdAt, updatedAt: row.updatedAt };
}
