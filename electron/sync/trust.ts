import { AppError } from '../../shared/api/errors';
import { utcNow } from '../ids';
import { listIdentities } from '../reports/identity';
import type { Core } from '../services';

// The keys whose bundles this laptop accepts. A key is trusted when a person has compared its
// fingerprint with the one its owner reads out (the first bundle from it asks); it can be revoked,
// and a revoked key's bundles are refused until it is trusted again.

export type TrustState = 'own' | 'trusted' | 'revoked' | 'unknown';

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
  if (keyRow(core, fingerprint).status === 'revoked') throw new AppError('CONFLICT', 'That key is already revoked.');
  core.sqlite.prepare("UPDATE trusted_keys SET status = 'revoked', revoked_at = ?, revoked_by = ? WHERE fingerprint = ?").run(utcNow(), core.actor, fingerprint);
}

export function trustKey(core: Core, fingerprint: string): void {
  if (keyRow(core, fingerprint).status === 'trusted') throw new AppError('CONFLICT', 'That key is already trusted.');
  core.sqlite.prepare("UPDATE trusted_keys SET status = 'trusted', revoked_at = NULL, revoked_by = NULL WHERE fingerprint = ?").run(fingerprint);
}
