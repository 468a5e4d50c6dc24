import { AppError } from '../../shared/api/errors';
import { memberRoles, type HubAudit, type HubMember, type MemberRole } from '../../shared/api/hub';
import { derivedId, utcNow } from '../ids';
import { formatFingerprint, normaliseFingerprint } from '../identity/certificate';
import { transact } from '../services';
import type { Hub } from './types';
import { mirrorRanges } from './store';

// Who is on which audit: set on the hub (by its administrator, or when a lead brings a new audit),
// written as `audit_members` records in the hub's own ledger chain, so that every change is signed,
// kept, mirrored to PostgreSQL and sent to the audit's laptops like any record. One record per audit
// and key; taking someone off marks the record inactive.

export interface Auditor {
  fingerprint: string;
  name: string;
  mayOpenAudits: boolean;
  revokedAt: string | null;
}

/** The hub's auditors (PostgreSQL hub_auditors): the keys it accepts requests from. */
export async function auditorOf(hub: Hub, fingerprint: string): Promise<Auditor | null> {
  const row = (await hub.database.pool.query('SELECT fingerprint, name, may_open_audits, revoked_at FROM hub_auditors WHERE fingerprint = $1', [fingerprint])).rows[0] as
    | { fingerprint: string; name: string; may_open_audits: boolean; revoked_at: Date | null }
    | undefined;
  return row ? { fingerprint: row.fingerprint, name: row.name, mayOpenAudits: row.may_open_audits, revokedAt: row.revoked_at?.toISOString() ?? null } : null;
}

export async function addAuditor(hub: Hub, input: { fingerprint: string; name: string; mayOpenAudits: boolean; by: string }): Promise<Auditor> {
  const fingerprint = normaliseFingerprint(input.fingerprint);
  if (!fingerprint) throw new AppError('VALIDATION', 'A key fingerprint is 64 hex digits (colons and spaces allowed), as the auditor reads it from the Sync screen.');
  const name = input.name.trim();
  if (name === '' || name.length > 200) throw new AppError('VALIDATION', "Give the auditor's name (1 to 200 characters).");
  await hub.database.pool.query(
    `INSERT INTO hub_auditors (fingerprint, name, may_open_audits, added_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (fingerprint) DO UPDATE SET name = EXCLUDED.name, may_open_audits = EXCLUDED.may_open_audits, revoked_at = NULL`,
    [fingerprint, name, input.mayOpenAudits, input.by],
  );
  return (await auditorOf(hub, fingerprint)) as Auditor;
}

export async function revokeAuditor(hub: Hub, fingerprint: string): Promise<void> {
  const result = await hub.database.pool.query('UPDATE hub_auditors SET revoked_at = now() WHERE fingerprint = $1 AND revoked_at IS NULL', [normaliseFingerprint(fingerprint) ?? fingerprint]);
  if (result.rowCount === 0) throw new AppError('NOT_FOUND', `No key ${formatFingerprint(fingerprint)} is accepted by this hub.`);
}

export async function listAuditors(hub: Hub): Promise<Auditor[]> {
  const rows = (await hub.database.pool.query('SELECT fingerprint, name, may_open_audits, revoked_at FROM hub_auditors ORDER BY name')).rows as Array<{
    fingerprint: string;
    name: string;
    may_open_audits: boolean;
    revoked_at: Date | null;
  }>;
  return rows.map((row) => ({ fingerprint: row.fingerprint, name: row.name, mayOpenAudits: row.may_open_audits, revokedAt: row.revoked_at?.toISOString() ?? null }));
}

/** The caller's role on an audit, or null when they are not on it. */
export function memberRole(hub: Hub, auditId: string, fingerprint: string): MemberRole | null {
  const row = hub.core.sqlite.prepare('SELECT role FROM audit_members WHERE audit_id = ? AND fingerprint = ? AND active = 1').get(auditId, fingerprint) as { role: MemberRole } | undefined;
  return row?.role ?? null;
}

export function auditKnown(hub: Hub, auditId: string): boolean {
  return hub.core.sqlite.prepare('SELECT 1 FROM audits WHERE id = ?').get(auditId) !== undefined;
}

/** The audits the caller is on, with their role. */
export function auditsOf(hub: Hub, fingerprint: string): HubAudit[] {
  return hub.core.sqlite
    .prepare('SELECT a.id, a.name, a.status, m.role FROM audit_members m JOIN audits a ON a.id = m.audit_id WHERE m.fingerprint = ? AND m.active = 1 ORDER BY a.name')
    .all(fingerprint) as HubAudit[];
}

export function listMembers(hub: Hub, auditId: string): HubMember[] {
  return hub.core.sqlite
    .prepare('SELECT audit_id AS auditId, fingerprint, name, role, set_by AS setBy, set_at AS setAt FROM audit_members WHERE audit_id = ? AND active = 1 ORDER BY role, name')
    .all(auditId) as HubMember[];
}

/**
 * Puts an auditor on an audit with a role, changes their role, or (role null) takes them off: a
 * record of the hub's ledger, copied to PostgreSQL before this returns. Runs in the hub's queue.
 */
export function setMember(hub: Hub, input: MemberChange): Promise<HubMember[]> {
  return hub.serial(() => writeMember(hub, input));
}

export interface MemberChange {
  auditId: string;
  fingerprint: string;
  name: string;
  role: MemberRole | null;
  by: string;
}

/** setMember's work, for code already running in the hub's queue (a push that brings a new audit). */
export async function writeMember(hub: Hub, input: MemberChange): Promise<HubMember[]> {
  const fingerprint = normaliseFingerprint(input.fingerprint);
  if (!fingerprint) throw new AppError('VALIDATION', 'A key fingerprint is 64 hex digits (colons and spaces allowed).');
  if (input.role !== null && !memberRoles.includes(input.role)) throw new AppError('VALIDATION', `A member's role is one of ${memberRoles.join(', ')}.`);
  {
    const { core } = hub;
    if (!auditKnown(hub, input.auditId)) throw new AppError('NOT_FOUND', `The hub holds no audit ${input.auditId}: its lead brings it by syncing once.`);
    const before = (core.sqlite.prepare('SELECT seq FROM ledger_heads WHERE device_id = ?').get(core.deviceId) as { seq: number } | undefined)?.seq ?? 0;
    const id = derivedId('audit-member', input.auditId, fingerprint);
    const existing = core.sqlite.prepare('SELECT role, active, name FROM audit_members WHERE id = ?').get(id) as { role: string; active: number; name: string } | undefined;
    const now = utcNow();
    transact(core, (records) => {
      if (!existing) {
        if (input.role === null) throw new AppError('NOT_FOUND', `${formatFingerprint(fingerprint, true)} is not on this audit.`);
        records.insert('audit_members', { id, auditId: input.auditId, fingerprint, name: input.name, role: input.role, active: true, setBy: input.by, setAt: now });
      } else if (input.role === null) {
        if (existing.active) records.update('audit_members', id, { active: false, setBy: input.by, setAt: now });
      } else if (!existing.active || existing.role !== input.role || existing.name !== input.name) {
        records.update('audit_members', id, { role: input.role, name: input.name, active: true, setBy: input.by, setAt: now });
      }
    });
    const after = (core.sqlite.prepare('SELECT seq FROM ledger_heads WHERE device_id = ?').get(core.deviceId) as { seq: number } | undefined)?.seq ?? 0;
    if (after > before) await mirrorRanges(hub, [{ deviceId: core.deviceId, from: before, to: after }], null);
    return listMembers(hub, input.auditId);
  }
}
