import { sealHead, type Checkpoint, type CheckpointReason } from '../ledger/checkpoints';
import { createSelfSignedIdentity, keyAndCertificate, listIdentities, loadIdentity } from './identity';
import type { Core } from '../services';

// Signs this laptop's ledger head with the working auditor's key (made on first use, as for reports
// and bundles). The key is read before the caller's transaction; sealing itself runs inside it.

export type Sealer = () => Checkpoint | null;

/** Loads the auditor's signing key and returns a function that seals the head when called in a transaction. */
export function prepareSeal(core: Core, reason: CheckpointReason): Sealer {
  const identity = loadIdentity(core.layout.root, core.actor) ?? createSelfSignedIdentity(core.layout.root, core.actor, 'Auditor', core.actor);
  const { privateKeyPem, certificateDer } = keyAndCertificate(identity);
  const signer = { name: identity.name, privateKeyPem, certificateDer };
  return () => sealHead(core.sqlite, core.deviceId, signer, reason, core.ledger.nextClock());
}

/** Seals the head now, in a transaction of its own. */
export function sealLedger(core: Core, reason: CheckpointReason): Checkpoint | null {
  const seal = prepareSeal(core, reason);
  return core.sqlite.transaction(seal).immediate();
}

/** The keys whose checkpoints this laptop accepts: its own auditors' and every key it has trusted for sync. */
export function knownSigners(core: Core): Set<string> {
  const known = new Set(listIdentities(core.layout.root).map((identity) => identity.fingerprint));
  for (const row of core.sqlite.prepare('SELECT fingerprint FROM trusted_keys').all() as Array<{ fingerprint: string }>) known.add(row.fingerprint);
  return known;
}
