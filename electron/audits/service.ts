import { auditHeads } from '../ledger/seen';
import { asc, eq } from 'drizzle-orm';
import type { Amendment, Audit } from '../../shared/api/audits';
import { AppError } from '../../shared/api/errors';
import type { MethodParsedInput } from '../../shared/api/contract';
import { auditAmendments, type audits } from '../db/schema';
import { breachCount } from '../escalation/service';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';
import { emptyPlan } from '../plans/service';
import { getVersion } from '../templates/service';
import { pinnedVersion } from '../checklist/pinned';
import { getAuditRow, requireAudit } from '../rows';
import { prepareSeal } from '../identity/seal';
import { hasConclusion, moveStatus, reachedFrom, statusReached } from './lifecycle';

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
  }) as AuditRow;
  // A new audit has no work, no report, no pinned template and an empty plan (so no rule to breach):
  // its answer is the row just written, with no query of its own.
  return auditAnswer(row, { status: 'planning', pinnedTemplate: null, breaches: 0 });
}

/**
 * Every audit, newest first, in one query: what the status needs (a report, any fieldwork) comes
 * with each row, the pinned version is parsed once per version, and escalation rules are evaluated
 * only for audits whose plan has any.
 */
export function listAudits(core: Core): Audit[] {
  const rows = core.sqlite
    .prepare(
      `SELECT a.id, a.name, a.description, a.status, a.created_at AS createdAt, a.created_by AS createdBy, a.updated_at AS updatedAt,
         a.template_version_id AS templateVersionId, a.finalised_at AS finalisedAt, coalesce(p.escalation_rules, '[]') <> '[]' AS hasRules,
         EXISTS (SELECT 1 FROM reports r WHERE r.audit_id = a.id) AS hasReport,
         EXISTS (SELECT 1 FROM checklist_results c WHERE c.audit_id = a.id) OR EXISTS (SELECT 1 FROM warroom_entries w WHERE w.audit_id = a.id) AS hasWork
       FROM audits a LEFT JOIN audit_plans p ON p.id = a.id ORDER BY a.created_at DESC, a.id DESC`,
    )
    .all() as Array<{ id: string; name: string; description: string; status: Audit['status']; createdAt: string; createdBy: string; updatedAt: string; templateVersionId: string | null; finalisedAt: string | null; hasRules: number; hasReport: number; hasWork: number }>;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    status: reachedFrom(row.status, { report: row.hasReport === 1, work: row.hasWork === 1 }),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    pinnedTemplate: pinnedSummary(core, row.templateVersionId),
    breaches: row.hasRules ? breachCount(core, row.id) : 0,
    finalisedAt: row.finalisedAt,
  }));
}

function pinnedSummary(core: Core, versionId: string | null): Audit['pinnedTemplate'] {
  const pinned = versionId ? pinnedVersion(core, versionId) : null;
  return pinned ? { versionId: pinned.id, templateId: pinned.templateId, name: pinned.templateName, version: pinned.version } : null;
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

function auditAnswer(row: AuditRow, derived: Pick<Audit, 'status' | 'pinnedTemplate' | 'breaches'>): Audit {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: derived.status,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    pinnedTemplate: derived.pinnedTemplate,
    breaches: derived.breaches,
    finalisedAt: row.finalisedAt,
  };
}

function toAudit(core: Core, row: AuditRow): Audit {
  return auditAnswer(row, {
    status: statusReached(core, row.id, row.status as Audit['status']),
    pinnedTemplate: pinnedSummary(core, row.templateVersionId),
    breaches: breachCount(core, row.id),
  });
}

/** Freezes the audit. Findings must be out of draft and the conclusion written first: a report never carries a half-written finding or no conclusion. */
export function finaliseAudit(core: Core, id: string): Audit {
  const audit = getAuditRow(core, id);
  if (audit.status === 'finalised') throw new AppError('CONFLICT', 'The audit is already finalised.');
  const drafts = core.sqlite.prepare("SELECT count(*) AS n FROM findings WHERE audit_id = ? AND status = 'draft'").get(id) as { n: number };
  if (drafts.n > 0) throw new AppError('CONFLICT', `${drafts.n} finding(s) are still drafts: complete or remove them before finalising.`);
  if (!hasConclusion(core, id)) {
    throw new AppError('CONFLICT', 'The audit has no overall conclusion yet: write its rating and paragraph under “Finalise the audit…” on the Reports screen (or “Status / finalise…” on the Audits screen) before finalising.');
  }
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
  requireAudit(core, auditId);
  return core.db.select().from(auditAmendments).where(eq(auditAmendments.auditId, auditId)).orderBy(asc(auditAmendments.at)).all();
}
