import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import { pushingRoles, type HubPullRequest, type HubPushResult } from '../../shared/api/hub';
import { formatFingerprint } from '../identity/certificate';
import { auditHeads } from '../ledger/seen';
import { exportBundle } from '../sync/export';
import { importBundle, readBundleHead } from '../sync/import';
import type { Hub } from './types';
import { archiveAudit } from './archive';
import { auditKnown, auditorOf, memberRole, writeMember, type Auditor } from './members';
import type { SignedCaller } from './signing';
import { mirrorRanges, storeObjects } from './store';
import { refuseOtherAudits } from './one-audit';
import { IndexedScope } from '../ledger/replay-scope';

// A push and a pull on the hub. A pushed bundle goes through exactly the checks and merge of a file
// import, on the hub's working copy; then its entries and objects are written to PostgreSQL, and only
// then is the push acknowledged. A pull is a bundle exported from the working copy for one audit the
// caller is on, holding only what the caller says it does not hold yet.

/** The caller's key must be one the hub accepts, not revoked. */
export async function knownAuditor(hub: Hub, caller: SignedCaller): Promise<Auditor> {
  const auditor = await auditorOf(hub, caller.fingerprint);
  if (!auditor) {
    throw new AppError(
      'UNAUTHORIZED',
      `This hub does not know the key ${formatFingerprint(caller.fingerprint)} (${caller.commonName}): ask the hub's administrator to add it (release-audit hub add-auditor FINGERPRINT --name NAME).`,
    );
  }
  if (auditor.revokedAt) throw new AppError('UNAUTHORIZED', `The key of ${auditor.name} (${formatFingerprint(caller.fingerprint, true)}) was revoked on this hub on ${auditor.revokedAt.slice(0, 10)}.`);
  return auditor;
}

const notOn = (auditor: Auditor, auditId: string): AppError => new AppError('UNAUTHORIZED', `${auditor.name} is not on the audit ${auditId} on this hub: its lead or the hub's administrator adds its members.`);

export async function receivePush(hub: Hub, caller: SignedCaller, auditId: string, file: string, bytes: number): Promise<HubPushResult> {
  const auditor = await knownAuditor(hub, caller);
  const { signer, manifest } = await readBundleHead(file);
  if (manifest.audit.id !== auditId) throw new AppError('VALIDATION', `The bundle is of the audit ${manifest.audit.id}, not of ${auditId} it was pushed for.`);
  if (signer.fingerprint !== caller.fingerprint) throw new AppError('UNAUTHORIZED', `The bundle is signed by ${signer.commonName} (${formatFingerprint(signer.fingerprint, true)}), not by the key that pushed it: each auditor pushes their own bundles.`);
  return hub.serial(async () => {
    const { core } = hub;
    // An audit held with no member record ever (a hub stopped between taking its first push and naming its
    // lead) is brought again by whoever may bring audits, who then leads it.
    const known = auditKnown(hub, auditId) && core.sqlite.prepare('SELECT 1 FROM audit_members WHERE audit_id = ?').get(auditId) !== undefined;
    const role = memberRole(hub, auditId, caller.fingerprint);
    if (known && !role) throw notOn(auditor, auditId);
    if (role && !pushingRoles.includes(role)) throw new AppError('UNAUTHORIZED', `${auditor.name} is a ${role} of this audit on the hub: a ${role} reads the audit but does not send work to it.`);
    if (!known && !auditor.mayOpenAudits) throw new AppError('UNAUTHORIZED', `The hub holds no audit ${manifest.audit.name} (${auditId}) yet, and ${auditor.name} may not bring new audits to it: ask the hub's administrator.`);
    const result = await importBundle(core, file, { trustFingerprint: caller.fingerprint, hubDeviceId: core.deviceId, refuseEntries: (entries) => refuseOtherAudits(new IndexedScope(core.sqlite), entries, auditId) });
    // The auditor who brings a new audit leads it on the hub.
    if (!known) await writeMember(hub, { auditId, fingerprint: caller.fingerprint, name: auditor.name, role: 'lead', by: auditor.name });
    // Before the acknowledgement: the objects, then the entries (a bundle pushed again after a stop
    // between the two finds the working copy has it, and writes what PostgreSQL still lacks).
    const objects = manifest.files.filter((f) => f.name.startsWith('objects/')).map((f) => f.name.slice('objects/'.length));
    const newObjects = await storeObjects(hub, objects);
    await mirrorRanges(hub, manifest.ranges, manifest.bundleId);
    await archiveAudit(hub, auditId);
    await hub.database.pool.query(
      `INSERT INTO hub_pushes (bundle_id, fingerprint, device_id, audit_id, bytes, entries, new_entries, objects) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (bundle_id, fingerprint) DO NOTHING`,
      [manifest.bundleId, caller.fingerprint, manifest.from.deviceId, auditId, bytes, manifest.counts.entries, result.newEntries, newObjects],
    );
    return { bundleId: manifest.bundleId, alreadyImported: result.alreadyImported !== null, newEntries: result.newEntries, newObjects, heads: auditHeads(core.sqlite, auditId, core.deviceId) };
  });
}

/** How far the hub holds each chain of an audit the caller is on. */
export async function headsFor(hub: Hub, caller: SignedCaller, auditId: string): Promise<Record<string, number>> {
  const auditor = await knownAuditor(hub, caller);
  if (!auditKnown(hub, auditId)) return {};
  if (!memberRole(hub, auditId, caller.fingerprint)) throw notOn(auditor, auditId);
  return auditHeads(hub.core.sqlite, auditId, hub.core.deviceId);
}

/** Writes a bundle of what the caller lacks of the audit into `dir`; null when it lacks nothing. */
export async function servePull(hub: Hub, caller: SignedCaller, request: HubPullRequest, dir: string): Promise<string | null> {
  const auditor = await knownAuditor(hub, caller);
  if (!auditKnown(hub, request.auditId) || !memberRole(hub, request.auditId, caller.fingerprint)) throw notOn(auditor, request.auditId);
  return hub.serial(async () => {
    const out = path.join(dir, `pull-${request.auditId}-${process.hrtime.bigint()}.rabundle`);
    const result = await exportBundle(hub.core, { auditId: request.auditId, out, since: request.have });
    if (result.entries === 0 && result.objects === 0) {
      fs.rmSync(out, { force: true });
      return null;
    }
    return out;
  });
}
