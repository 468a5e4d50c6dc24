import { auditHeads } from '../sync/seen';
import { asc, desc, eq } from 'drizzle-orm';
import type { Amendment, Audit } from '../../shared/api/audits';
import { AppError } from '../../shared/api/errors';
import type { MethodParsedInput } from '../../shared/api/contract';
import { auditAmendments, audits } from '../db/schema';
import { breachCount } from '../escalation/service';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';
import { emptyPlan } from '../plans/service';
import { getVersion } from '../templates/service';
import { pinnedVersion } from '../checklist/pinned';
import { getAuditRow } from './rows';
import { prepareSeal } from '../system/seal';
import { moveStatus, statusReached } from './lifecycle';

// Audits: the unit of work every other record belongs to.

type AuditRow = typeof audits.$inferSelect;

export function createAudit(core: Core, input: MethodParsedInput<'audits.create'>): Audit {
  const now = utcNow();
  const id = newId();
  const row = transact(core, (records) => {
    const audit = records.insert('audits', { id, name: input.name, description: input.description, status: 'planning', createdAt: now, createdBy: core.actor, updatedAt: now });
    // The plan is made with the audit, so that every later save of it changes only the fields typed:
    // two auditors filling in different parts of the plan on two laptops then never collide.
    records.insert('audit_plans', { id, ...emptyPlan, updatedAt: now });
    return audit;
  });
  return toAudit(core, row as AuditRow);
}

export function listAudits(core: Core): Audit[] {
  return core.db
    .select()
    .from(audits)
    .orderBy(desc(audits.createdAt), desc(audits.id))
    .all()
    .map((row) => toAudit(core, row));
}

export function getAudit(core: Core, id: string): Audit {
  return toAudit(core, getAuditRow(core, id));
}

/** Pins the audit to one published template version; it keeps that version when the template moves on. */
export function pinTemplate(core: Core, auditId: string, templateVersionId: string): Audit {
  const audit = getAuditRow(core, auditId);
  getVersion(core, templateVersionId);
  if (audit.templateVersionId && audit.templateVersionId !== templateVersionId) {
    const recorded = core.sqlite.prepare('SELECT count(*) AS n FROM checklist_results WHERE audit_id = ?').get(auditId) as { n: number };
    if (recorded.n > 0) {
      throw new AppError('CONFLICT', `${recorded.n} checklist result(s) were recorded against the pinned version; the audit keeps it so that they stay comparable.`);
    }
  }
  if (audit.templateVersionId !== templateVersionId) {
    transact(core, (records) => records.update('audits', auditId, { templateVersionId, updatedAt: utcNow() }));
  }
  return getAudit(core, auditId);
}

function toAudit(core: Core, row: AuditRow): Audit {
  const pinned = row.templateVersionId ? pinnedVersion(core, row.templateVersionId) : null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: statusReached(core, row.id, row.status as Audit['status']),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    pinnedTemplate: pinned ? { versionId: pinned.id, templateId: pinned.templateId, name: pinned.templateName, version: pinned.version } : null,
    breaches: breachCount(core, row.id),
    finalisedAt: row.finalisedAt,
  };
}

/** Freezes the audit. Findings must be out of draft first: a report never carries a half-written finding. */
export function finaliseAudit(core: Core, id: string): Audit {
  const audit = getAuditRow(core, id);
  if (audit.status === 'finalised') throw new AppError('CONFLICT', 'The audit is already finalised.');
  const drafts = core.sqlite.prepare("SELECT count(*) AS n FROM findings WHERE audit_id = ? AND status = 'draft'").get(id) as { n: number };
  if (drafts.n > 0) throw new AppError('CONFLICT', `${drafts.n} finding(s) are still drafts: complete or remove them before finalising.`);
  const now = utcNow();
  // Sealed in the same transaction: the signed head covers the finalisation and all before it.
  const seal = prepareSeal(core, 'finalise');
  // The heads it had seen tell every other laptop which of its edits the frozen audit holds.
  transact(core, (records) => {
    records.update('audits', id, { status: 'finalised', finalisedAt: now, updatedAt: now, finalisedHeads: auditHeads(core.sqlite, id, core.deviceId) });
    seal();
  });
  return getAudit(core, id);
}

export function amendAudit(core: Core, input: { auditId: string; reason: string; text: string }): Amendment {
  const audit = getAuditRow(core, input.auditId);
  if (audit.status !== 'finalised') throw new AppError('CONFLICT', 'Only a finalised audit takes amendments; edit the records themselves until then.');
  const row = transact(core, (records) =>
    records.insert('audit_amendments', { id: newId(), auditId: input.auditId, author: core.actor, at: utcNow(), reason: input.reason, text: input.text }),
  );
  return row as unknown as Amendment;
}

export function moveAuditStatus(core: Core, id: string, to: 'planning' | 'fieldwork' | 'reporting'): Audit {
  moveStatus(core, id, to);
  return getAudit(core, id);
}

export function listAmendments(core: Core, auditId: string): Amendment[] {
  getAuditRow(core, auditId);
  return core.db.select().from(auditAmendments).where(eq(auditAmendments.auditId, auditId)).orderBy(asc(auditAmendments.at)).all();
}
