import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { ReleaseFields, type ChangeTicket, type Release, type ReleaseComponent, type RunbookStep } from '../../shared/api/releases';
import { changeTickets, releaseComponents, releases, runbookSteps } from '../db/schema';
import { newId, utcNow } from '../ids';
import type { EntityName } from '../ledger/entities';
import type { RecordWriter } from '../ledger/records';
import { getAuditRow, requireAudit, rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';
import { getVersion } from '../templates/service';
import { releaseWarnings, type EmergencyPolicy } from './warnings';
import { changedFields } from '../changed-fields';
import { importedOf } from './imported-tickets';

// Releases under audit and what hangs off them. Lists (tickets, steps, components) are saved as
// the whole list the screen holds: rows are inserted, updated or removed to match, through the ledger.

type ReleaseRow = typeof releases.$inferSelect;
const fieldNames = Object.keys(ReleaseFields.shape) as Array<keyof ReleaseFields>;

export function createRelease(core: Core, input: Partial<ReleaseFields> & { auditId: string; identifier: string }): Release {
  requireAudit(core, input.auditId);
  const { auditId, ...fields } = input;
  const now = utcNow();
  const parsed = ReleaseFields.parse(fields);
  checkWindow(parsed);
  checkIdentifier(core, auditId, parsed.identifier, null);
  const row = transact(core, (records) => records.insert('releases', { id: newId(), auditId, ...parsed, createdAt: now, updatedAt: now }));
  return getRelease(core, row.id);
}

export function listReleases(core: Core, auditId: string): Release[] {
  requireAudit(core, auditId);
  return core.db
    .select()
    .from(releases)
    .where(eq(releases.auditId, auditId))
    .orderBy(asc(releases.windowStart), asc(releases.createdAt))
    .all()
    .map((row) => toRelease(core, row));
}

export function getRelease(core: Core, id: string): Release {
  return toRelease(core, releaseRow(core, id));
}

export function updateRelease(core: Core, input: Partial<ReleaseFields> & { id: string }): Release {
  const current = getRelease(core, input.id);
  const { id, ...fields } = input;
  const next = { ...current, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as Release;
  checkWindow(next);
  checkEmergency(core, next);
  if (fields.identifier !== undefined) checkIdentifier(core, current.auditId, fields.identifier, id);
  const changed = changedFields(fields, current);
  if (Object.keys(changed).length > 0) transact(core, (records) => records.update('releases', id, { ...changed, updatedAt: utcNow() }));
  return getRelease(core, id);
}

export function saveTickets(core: Core, releaseId: string, tickets: ChangeTicket[]): Release {
  releaseRow(core, releaseId);
  const existing = core.db.select().from(changeTickets).where(eq(changeTickets.releaseId, releaseId)).all();
  // What an import said of a ticket is written by the import only: a screen sending it back changes nothing.
  transact(core, (records) => syncList(core, records, 'change_tickets', existing, tickets, ({ imported: _fromImport, ...t }) => ({ releaseId, ...t })));
  return getRelease(core, releaseId);
}

export function saveRunbook(core: Core, releaseId: string, steps: RunbookStep[]): Release {
  releaseRow(core, releaseId);
  steps.forEach((step, index) => {
    if (step.plannedStart && step.plannedEnd && step.plannedEnd < step.plannedStart) {
      throw new AppError('VALIDATION', `steps.${index}: "${step.title}" is planned to end before it starts.`);
    }
  });
  const existing = core.db.select().from(runbookSteps).where(eq(runbookSteps.releaseId, releaseId)).all();
  transact(core, (records) => syncList(core, records, 'runbook_steps', existing, steps, (s, position) => ({ releaseId, position, ...s })));
  return getRelease(core, releaseId);
}

export function saveComponents(core: Core, releaseId: string, components: ReleaseComponent[]): Release {
  releaseRow(core, releaseId);
  // Rows an SBOM wrote are the import's: a screen sending them back (or leaving them out) changes nothing.
  const all = core.db.select().from(releaseComponents).where(eq(releaseComponents.releaseId, releaseId)).all();
  const imported = new Set(all.filter((c) => c.importedFrom !== null).map((c) => c.id));
  const existing = all.filter((c) => !imported.has(c.id));
  const typed = components.filter((c) => !(c.id && imported.has(c.id)) && !c.importedFrom);
  transact(core, (records) => syncList(core, records, 'release_components', existing, typed, ({ importedFrom: _fromImport, ...c }) => ({ releaseId, ...c })));
  return getRelease(core, releaseId);
}

const entityLabels: Partial<Record<EntityName, string>> = { change_tickets: 'change ticket', runbook_steps: 'runbook step', release_components: 'component' };

/** Makes the stored rows match the list: new ones inserted, changed ones updated, missing ones removed. */
function syncList<T extends { id?: string | undefined }>(
  core: Core,
  records: RecordWriter,
  entity: EntityName,
  existing: Array<Record<string, unknown> & { id: string }>,
  wanted: T[],
  toRow: (item: Omit<T, 'id'>, position: number) => Record<string, unknown>,
): void {
  const label = entityLabels[entity] ?? entity.replace(/_/g, ' ');
  const byId = new Map(existing.map((row) => [row.id, row]));
  const kept = new Set<string>();
  const ids = wanted.map((w) => w.id).filter(Boolean);
  if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION', `The list names the same ${label} twice.`);
  wanted.forEach((item, position) => {
    const { id, ...rest } = item;
    const row = toRow(rest, position);
    const current = id ? byId.get(id) : undefined;
    if (current && id) {
      kept.add(id);
      const changes = Object.fromEntries(Object.entries(row).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key])));
      if (Object.keys(changes).length > 0) records.update(entity, id, changes);
    } else {
      // A screen may name a new row itself (so it can keep editing it while the save is under way),
      // but never one the ledger already knows: a deleted record stays deleted on every laptop, so
      // bringing its id back would leave a row that no replay of the ledger gives.
      if (id && core.sqlite.prepare(`SELECT 1 FROM ${entity} WHERE id = ?`).get(id)) {
        throw new AppError('CONFLICT', `The ${label} ${id} belongs to another release.`);
      }
      if (id && core.sqlite.prepare('SELECT 1 FROM ledger WHERE entity = ? AND entity_id = ? LIMIT 1').get(entity, id)) {
        throw new AppError(
          'CONFLICT',
          `${position + 1}. in the list: this ${label} (${id}) was removed earlier, and a removed ${label} cannot come back under its old id. Add it again without an id to make a new one. Nothing was saved.`,
        );
      }
      records.insert(entity, { id: id ?? newId(), ...row });
    }
  });
  for (const row of existing) if (!kept.has(row.id)) records.remove(entity, row.id);
}

function checkIdentifier(core: Core, auditId: string, identifier: string, except: string | null): void {
  const same = core.db.select({ id: releases.id }).from(releases).where(and(eq(releases.auditId, auditId), eq(releases.identifier, identifier))).all();
  if (same.some((r) => r.id !== except)) throw new AppError('CONFLICT', `This audit already has a release called ${identifier}.`);
}

/** Bypassed controls are items of the pinned checklist, each once, remediated after they were bypassed. */
function checkEmergency(core: Core, release: Release): void {
  const keys = new Set<string>();
  const audit = getAuditRow(core, release.auditId);
  const items = audit.templateVersionId ? new Set(getVersion(core, audit.templateVersionId).content.items.map((i) => i.key)) : null;
  release.bypassedControls.forEach((control, index) => {
    if (keys.has(control.itemKey)) throw new AppError('VALIDATION', `Bypassed control ${index + 1}: ${control.itemKey} is listed twice.`);
    keys.add(control.itemKey);
    if (items && !items.has(control.itemKey)) throw new AppError('VALIDATION', `Bypassed control ${index + 1}: ${control.itemKey} is not an item of the pinned checklist.`);
    if (control.remediatedAt && control.remediatedAt < control.bypassedAt) throw new AppError('VALIDATION', `Bypassed control ${index + 1}: ${control.itemKey} was remediated before it was bypassed.`);
  });
  if (release.postFactoApprovedAt && release.windowStart && release.postFactoApprovedAt < release.windowStart) {
    throw new AppError('VALIDATION', 'Approved after the fact at: an approval after the fact cannot come before the window opened.');
  }
}

function checkWindow(fields: Pick<ReleaseFields, 'windowStart' | 'windowEnd'>): void {
  if (fields.windowStart && fields.windowEnd && fields.windowEnd < fields.windowStart) {
    throw new AppError('VALIDATION', 'windowEnd: the deployment window ends before it starts.');
  }
}

/** The emergency deviation of the audit's pinned template, which emergency releases are checked against. */
function emergencyPolicy(core: Core, auditId: string): EmergencyPolicy | null {
  const audit = getAuditRow(core, auditId);
  if (!audit.templateVersionId) return null;
  const deviation = getVersion(core, audit.templateVersionId).content.deviations.find((d) => d.appliesTo === 'emergency');
  return deviation ? { title: deviation.title, postFactoApprovalHours: deviation.postFactoApprovalHours } : null;
}

function releaseRow(core: Core, id: string): ReleaseRow {
  return rowOrNotFound(core, 'releases', id, 'release');
}

function toRelease(core: Core, row: ReleaseRow): Release {
  const tickets = core.db.select().from(changeTickets).where(eq(changeTickets.releaseId, row.id)).orderBy(asc(changeTickets.id)).all();
  const runbook = core.db.select().from(runbookSteps).where(eq(runbookSteps.releaseId, row.id)).orderBy(asc(runbookSteps.position)).all();
  const components = core.db.select().from(releaseComponents).where(eq(releaseComponents.releaseId, row.id)).orderBy(asc(releaseComponents.id)).all();
  const fields = ReleaseFields.parse(Object.fromEntries(fieldNames.map((key) => [key, row[key as keyof ReleaseRow]])));
  const ticketList = tickets.map((t) => ({
    id: t.id,
    reference: t.reference,
    title: t.title,
    approvalStatus: t.approvalStatus as ChangeTicket['approvalStatus'],
    approvedBy: t.approvedBy,
    approvedAt: t.approvedAt,
    imported: importedOf(t),
  }));
  const componentList = components.map((c) => ({
    id: c.id,
    name: c.name,
    version: c.version,
    licence: c.licence,
    vulnerabilityStatus: c.vulnerabilityStatus as ReleaseComponent['vulnerabilityStatus'],
    notes: c.notes,
    importedFrom: c.importedFrom,
  }));
  return {
    ...fields,
    id: row.id,
    auditId: row.auditId,
    tickets: ticketList,
    runbook: runbook.map((s) => ({ id: s.id, title: s.title, plannedStart: s.plannedStart, plannedEnd: s.plannedEnd, owner: s.owner, parameters: s.parameters, contacts: s.contacts })),
    components: componentList,
    warnings: releaseWarnings({ ...fields, tickets: ticketList, components: componentList, policy: emergencyPolicy(core, row.auditId) }),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
