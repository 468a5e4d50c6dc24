import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import type { LicenceLists, LicencePolicy } from '../../shared/api/licences';
import { licencePolicies } from '../db/schema';
import { utcNow } from '../ids';
import { getAuditRow } from '../rows';
import { transact, type Core } from '../services';
import { defaultLicencePolicy } from './default-policy';
import { checkPolicy } from './verdict';

// An audit's licence policy: one record per audit (its id is the audit's), written through the
// ledger; an audit without one reads the shipped default.

export function getLicencePolicy(core: Core, auditId: string): LicencePolicy {
  getAuditRow(core, auditId);
  return policyOf(core, auditId);
}

function policyOf(core: Core, auditId: string): LicencePolicy {
  const row = core.db.select().from(licencePolicies).where(eq(licencePolicies.id, auditId)).get();
  if (!row) return { auditId, own: false, ...defaultLicencePolicy, note: '', updatedAt: null, updatedBy: '' };
  return { auditId, own: true, allowed: row.allowed, review: row.review, denied: row.denied, note: row.note, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/** The lists the rules judge with (the settings reader's view; no audit check, the caller has made it). */
export function licenceListsOf(core: Core, auditId: string): LicenceLists {
  const { allowed, review, denied } = policyOf(core, auditId);
  return { allowed, review, denied };
}

export function setLicencePolicy(core: Core, input: { auditId: string; reset: true } | (LicenceLists & { auditId: string; note: string })): LicencePolicy {
  const audit = getAuditRow(core, input.auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', `The audit "${audit.name}" is finalised; its licence policy can no longer change.`);
  // A reset writes the shipped default as the audit's own (a removed record could not come back under the audit's id).
  const wanted = 'reset' in input ? { ...defaultLicencePolicy, note: 'Set back to the shipped default.' } : { allowed: input.allowed, review: input.review, denied: input.denied, note: input.note };
  checkPolicy(wanted);
  const current = core.db.select().from(licencePolicies).where(eq(licencePolicies.id, input.auditId)).get();
  const same = current && JSON.stringify([current.allowed, current.review, current.denied, current.note]) === JSON.stringify([wanted.allowed, wanted.review, wanted.denied, wanted.note]);
  if (!same) {
    const fields = { ...wanted, updatedAt: utcNow(), updatedBy: core.actor };
    transact(core, (records) => {
      if (current) records.update('licence_policies', input.auditId, fields);
      else records.insert('licence_policies', { id: input.auditId, ...fields });
    });
  }
  return policyOf(core, input.auditId);
}
