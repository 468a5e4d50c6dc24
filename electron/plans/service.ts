import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { PlanFields, SuccessCriterion, type AuditPlan, type PlanInput } from '../../shared/api/plans';
import { auditPlans } from '../db/schema';
import { requireAudit } from '../rows';
import { metricById } from '../metrics/metrics';
import { utcNow } from '../ids';
import { transact, type Core } from '../services';
import { changedFields } from '../changed-fields';

// The audit plan: what the audit covers, for whom, under which rules. One row per audit, saved
// field by field so that each change in the ledger says exactly what moved.

export const emptyPlan: PlanFields = {
  objective: '',
  scopeMode: 'all-releases',
  riskCriteria: '',
  environmentsIn: [],
  environmentsOut: [],
  preProductionIncluded: false,
  thirdPartyIntegrations: [],
  vendorTeams: [],
  announced: true,
  scheduleStart: null,
  scheduleEnd: null,
  scheduleNotes: '',
  regulatoryDrivers: [],
  successCriteria: [],
  findingOwners: [],
  accessRequests: [],
  escalationRules: [],
  haltThresholdPercent: null,
  rtoTargetMinutes: null,
  emergencyShareThresholdPercent: null,
  conclusionRating: null,
  conclusionText: '',
};

const planKeys = Object.keys(emptyPlan) as Array<keyof PlanFields>;

export function getPlan(core: Core, auditId: string): AuditPlan {
  requireAudit(core, auditId);
  const row = core.db.select().from(auditPlans).where(eq(auditPlans.id, auditId)).get();
  if (!row) return { ...emptyPlan, auditId, updatedAt: null };
  const stored = PlanFields.parse(Object.fromEntries(planKeys.map((key) => [key, row[key]])));
  return { ...stored, auditId, updatedAt: row.updatedAt };
}

export function savePlan(core: Core, input: Partial<PlanInput> & { auditId: string }): AuditPlan {
  const { auditId, successCriteria, ...rest } = input;
  // A criterion written before it was judged is "not judged yet".
  const fields: Partial<PlanFields> = { ...(rest as Partial<PlanFields>), ...(successCriteria ? { successCriteria: successCriteria.map((c) => SuccessCriterion.parse(c)) } : {}) };
  const current = getPlan(core, auditId);
  for (const [index, rule] of (fields.escalationRules ?? []).entries()) {
    if (!metricById(rule.metric)) throw new AppError('VALIDATION', `escalationRules.${index}.metric: there is no metric called "${rule.metric}".`);
  }
  // Checked against the plan as it will be, since a screen saves one field at a time.
  const next = { ...current, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as PlanFields;
  if (next.scheduleStart && next.scheduleEnd && next.scheduleEnd < next.scheduleStart) {
    throw new AppError('VALIDATION', 'scheduleEnd: the schedule ends before it starts.');
  }
  next.accessRequests.forEach((request, index) => {
    if (request.requestedOn && request.grantedOn && request.grantedOn < request.requestedOn) {
      throw new AppError('VALIDATION', `accessRequests.${index}.grantedOn: access is granted before it was requested.`);
    }
  });
  const duplicate = (values: string[]) => values.find((value, index) => values.indexOf(value) !== index);
  const twice =
    duplicate(next.escalationRules.map((r) => r.key)) ?? duplicate(next.accessRequests.map((r) => r.key)) ?? duplicate(next.regulatoryDrivers.map((d) => d.id.toUpperCase()));
  if (twice !== undefined) throw new AppError('VALIDATION', `"${twice}" appears twice in the plan; each rule, access request and regulation is listed once.`);
  const changed = changedFields(fields, current);
  if (Object.keys(changed).length === 0) return current;
  const now = utcNow();
  transact(core, (records) => {
    if (current.updatedAt === null) records.insert('audit_plans', { id: auditId, ...emptyPlan, ...changed, updatedAt: now });
    else records.update('audit_plans', auditId, { ...changed, updatedAt: now });
  });
  return getPlan(core, auditId);
}
