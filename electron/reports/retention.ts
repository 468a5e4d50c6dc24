import { and, asc, desc, eq, lte } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import type { RetentionPolicy } from '../../shared/api/reports';
import { getAudit } from '../audits/service';
import { auditRetention, reportRemovals, reports, retentionPolicies } from '../db/schema';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';

// How long reports are kept: a library-level list of policies (editable; the shipped ones are made
// by every laptop with the same ids, so syncing finds one record), each audit's choice of one, the
// retain-until date a report takes from the choice holding as it is issued, and removal from the
// archive, refused before that date.

const SHIPPED_AT = '2026-01-01T00:00:00.000Z';

/** Reports of an audit with no policy chosen are kept under this one. */
export const DEFAULT_POLICY_ID = '0190a000-0000-7000-8000-000000000101';

const shipped: Array<Omit<RetentionPolicy, 'retired'>> = [
  { id: DEFAULT_POLICY_ID, name: 'Standard', years: 7, basis: 'Release Audit default, until an audit chooses a policy.' },
  { id: '0190a000-0000-7000-8000-000000000102', name: 'SOX', years: 7, basis: 'Sarbanes–Oxley §802 and SEC Rule 2-06: audit records kept seven years.' },
  { id: '0190a000-0000-7000-8000-000000000103', name: 'HIPAA', years: 6, basis: '45 CFR 164.316(b)(2): documentation kept six years.' },
  { id: '0190a000-0000-7000-8000-000000000104', name: 'PCI DSS', years: 1, basis: 'PCI DSS 10.5.1: audit trail kept at least one year.' },
];

export function ensureRetentionPolicies(core: Core): void {
  const have = new Set(core.db.select({ id: retentionPolicies.id }).from(retentionPolicies).all().map((r) => r.id));
  const missing = shipped.filter((p) => !have.has(p.id));
  if (missing.length === 0) return;
  transact(core, (records) => {
    for (const p of missing) records.insert('retention_policies', { ...p, retired: false, createdAt: SHIPPED_AT, createdBy: 'Release Audit', updatedAt: SHIPPED_AT });
  });
}

export function listRetentionPolicies(core: Core): RetentionPolicy[] {
  ensureRetentionPolicies(core);
  return core.db.select().from(retentionPolicies).orderBy(asc(retentionPolicies.name)).all().map(toPolicy);
}

/** Adds a policy to the list (no id) or changes one; a policy is retired, never deleted, so reports issued under it keep its name. */
export function saveRetentionPolicy(core: Core, input: { id?: string | undefined; name: string; years: number; basis: string; retired: boolean }): RetentionPolicy {
  ensureRetentionPolicies(core);
  const name = input.name.trim();
  const same = core.db.select().from(retentionPolicies).all().find((p) => p.name.toLowerCase() === name.toLowerCase() && p.id !== input.id);
  if (same) throw new AppError('CONFLICT', `There is already a retention policy named ${same.name} (${same.years} years): give this one another name.`);
  const now = utcNow();
  const row = transact(core, (records) => {
    if (!input.id) return records.insert('retention_policies', { id: newId(), name, years: input.years, basis: input.basis, retired: input.retired, createdAt: now, createdBy: core.actor, updatedAt: now });
    const before = core.db.select().from(retentionPolicies).where(eq(retentionPolicies.id, input.id)).get();
    if (!before) throw new AppError('NOT_FOUND', `There is no retention policy with the id ${input.id}.`);
    return records.update('retention_policies', input.id, { name, years: input.years, basis: input.basis, retired: input.retired, updatedAt: now });
  });
  return toPolicy(row as typeof retentionPolicies.$inferSelect);
}

/** Sets the policy this audit's next reports are kept under (reports already issued keep their date). */
export function chooseRetention(core: Core, input: { auditId: string; policyId: string }): AuditRetention {
  getAudit(core, input.auditId);
  ensureRetentionPolicies(core);
  const policy = core.db.select().from(retentionPolicies).where(eq(retentionPolicies.id, input.policyId)).get();
  if (!policy) throw new AppError('NOT_FOUND', `There is no retention policy with the id ${input.policyId}.`);
  if (policy.retired) throw new AppError('CONFLICT', `The retention policy ${policy.name} is retired: choose one in use, or bring it back first.`);
  transact(core, (records) =>
    records.insert('audit_retention', { id: newId(), auditId: input.auditId, policyId: policy.id, policyName: policy.name, years: policy.years, chosenBy: core.actor, chosenAt: utcNow() }),
  );
  return auditRetentionOf(core, input.auditId);
}

export interface AuditRetention {
  policyId: string;
  policyName: string;
  years: number;
  /** Who chose it and when; null while the audit uses the default policy. */
  chosenBy: string | null;
  chosenAt: string | null;
}

/** The policy holding for an audit at a time (now by default): its latest choice by then, else the default. */
export function auditRetentionOf(core: Core, auditId: string, at: string = utcNow()): AuditRetention {
  const choice = core.db
    .select()
    .from(auditRetention)
    .where(and(eq(auditRetention.auditId, auditId), lte(auditRetention.chosenAt, at)))
    .orderBy(desc(auditRetention.chosenAt), desc(auditRetention.id))
    .get();
  if (choice) return { policyId: choice.policyId, policyName: choice.policyName, years: choice.years, chosenBy: choice.chosenBy, chosenAt: choice.chosenAt };
  ensureRetentionPolicies(core);
  const fallback = core.db.select().from(retentionPolicies).where(eq(retentionPolicies.id, DEFAULT_POLICY_ID)).get();
  return { policyId: DEFAULT_POLICY_ID, policyName: fallback?.name ?? 'Standard', years: fallback?.years ?? 7, chosenBy: null, chosenAt: null };
}

/** The last day a report issued at this time must be kept: the same calendar day, so many years on (28 February for a 29th). */
export function retainUntil(issuedAt: string, years: number): string {
  const [y, m, d] = issuedAt.slice(0, 10).split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Takes a report out of the archive once its retain-until date has passed; refused before, in words. */
export function removeReport(core: Core, input: { id: string; reason: string }): { removedAt: string } {
  const row = core.db.select().from(reports).where(eq(reports.id, input.id)).get();
  if (!row) throw new AppError('NOT_FOUND', `There is no issued report with the id ${input.id}.`);
  const removed = core.db.select().from(reportRemovals).where(eq(reportRemovals.reportId, row.id)).get();
  if (removed) throw new AppError('CONFLICT', `Report ${row.reportId} was already removed from the archive, on ${removed.removedAt.slice(0, 10)} by ${removed.removedBy}.`);
  const now = utcNow();
  if (now.slice(0, 10) <= row.retainUntil) {
    const policy = auditRetentionOf(core, row.auditId, row.generatedAt);
    throw new AppError('CONFLICT', `Report ${row.reportId} must be kept until ${row.retainUntil} (${policy.policyName}, ${policy.years} years from its issue on ${row.generatedAt.slice(0, 10)}): it cannot be removed before then.`);
  }
  transact(core, (records) => records.insert('report_removals', { id: newId(), auditId: row.auditId, reportId: row.id, removedBy: core.actor, removedAt: now, reason: input.reason.trim() }));
  return { removedAt: now };
}

function toPolicy(row: typeof retentionPolicies.$inferSelect): RetentionPolicy {
  return { id: row.id, name: row.name, years: row.years, basis: row.basis, retired: row.retired };
}
