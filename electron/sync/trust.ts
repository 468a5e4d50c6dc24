import { AppError } from '../../shared/api/errors';
import type { TrustState } from '../../shared/api/sync';
import { utcNow } from '../ids';
import { listIdentities } from '../identity/identity';
import type { Core } from '../services';
import { recordDecision } from './trust-log';

// The keys whose bundles this laptop accepts. A key is trusted when a person has compared its
// fingerprint with the one its owner reads out (the first bundle from it asks); it can be revoked,
// and a revoked key's bundles are refused until it is trusted again.

export function trustOfFingerprint(core: Core, fingerprint: string): { trust: TrustState; revokedAt: string | null } {
  const row = core.sqlite.prepare('SELECT status, revoked_at AS revokedAt FROM trusted_keys WHERE fingerprint = ?').get(fingerprint) as
    | { status: string; revokedAt: string | null }
    | undefined;
  if (row?.status === 'revoked') return { trust: 'revoked', revokedAt: row.revokedAt };
  if (listIdentities(core.layout.root).some((identity) => identity.fingerprint === fingerprint)) return { trust: 'own', revokedAt: null };
  return { trust: row?.status === 'trusted' ? 'trusted' : 'unknown', revokedAt: null };
}

function keyRow(core: Core, fingerprint: string): { status: string } {
  const row = core.sqlite.prepare('SELECT status FROM trusted_keys WHERE fingerprint = ?').get(fingerprint) as { status: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'No key with that fingerprint has been seen here: import a bundle signed with it to be asked whether to trust it.');
  return row;
}

export function revokeKey(core: Core, fingerprint: string): void {
  core.sqlite.transaction(() => {
    if (keyRow(core, fingerprint).status === 'revoked') throw new AppError('CONFLICT', 'That key is already revoked.');
    const now = utcNow();
    core.sqlite.prepare("UPDATE trusted_keys SET status = 'revoked', revoked_at = ?, revoked_by = ? WHERE fingerprint = ?").run(now, core.actor, fingerprint);
    recordDecision(core, 'revoke', fingerprint, {}, now);
  }).immediate();
}

export function trustKey(core: Core, fingerprint: string): void {
  core.sqlite.transaction(() => {
    if (keyRow(core, fingerprint).status === 'trusted') throw new AppError('CONFLICT', 'That key is already trusted.');
    core.sqlite.prepare("UPDATE trusted_keys SET status = 'trusted', revoked_at = NULL, revoked_by = NULL WHERE fingerprint = ?").run(fingerprint);
    recordDecision(core, 'trust', fingerprint, {}, utcNow());
  }).immediate();
}

/** Trusts a key seen for the first time, after a person compared its fingerprint. Inside the import's transaction. */
export function trustNewKey(core: Core, signer: { fingerprint: string; certificateDer: Buffer; subject: string }, now: string, endorsed: { endorsedBy?: string; deviceId?: string } = {}): void {
  const added = core.sqlite
    .prepare("INSERT INTO trusted_keys (fingerprint, certificate, subject, status, added_at, added_by) VALUES (?, ?, ?, 'trusted', ?, ?) ON CONFLICT(fingerprint) DO NOTHING")
    .run(signer.fingerprint, signer.certificateDer.toString('base64'), signer.subject, now, core.actor);
  if (added.changes > 0) recordDecision(core, 'trust', signer.fingerprint, { subject: signer.subject, ...endorsed }, now);
}

export interface DeviceBinding {
  deviceId: string;
  fingerprint: string;
  actor: string;
}

/** The key a device's own bundles are signed with, once one has come from it. */
export function bindingOf(core: Core, deviceId: string): DeviceBinding | undefined {
  const first = core.sqlite.prepare('SELECT device_id AS deviceId, fingerprint, actor FROM device_keys WHERE device_id = ?').get(deviceId) as DeviceBinding | undefined;
  if (!first) return undefined;
  // device_keys keeps the first key for good; a key replaced on its old key's word is in the trust log (see rotation.ts).
  const moved = core.sqlite.prepare("SELECT detail FROM trust_log WHERE kind = 'rebind' AND subject = ? ORDER BY seq DESC LIMIT 1").get(deviceId) as { detail: string } | undefined;
  if (!moved) return first;
  const detail = JSON.parse(moved.detail) as { fingerprint: string; actor: string };
  return { deviceId, fingerprint: detail.fingerprint, actor: detail.actor };
}

/** Binds a device to the key of its first bundle (moved later only on that key's word: see rotation.ts). Inside the import's transaction. */
export function bindDevice(core: Core, binding: DeviceBinding, now: string): void {
  if (bindingOf(core, binding.deviceId)) return;
  core.sqlite.prepare('INSERT INTO device_keys (device_id, fingerprint, actor, bound_at, bound_by) VALUES (?, ?, ?, ?, ?)').run(binding.deviceId, binding.fingerprint, binding.actor, now, core.actor);
  recordDecision(core, 'bind', binding.deviceId, { fingerprint: binding.fingerprint, actor: binding.actor }, now);
}
