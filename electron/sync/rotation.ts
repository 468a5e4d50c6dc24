import crypto from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import { rotationPayload, type KeyRotation } from '../reports/identity-rotation';
import type { Core } from '../services';
import { fingerprintOf, type BundleSigner } from './bundle-file';
import { formatFingerprint } from './fingerprint';
import type { Manifest } from './format';
import type { DeviceBinding } from './trust';
import { recordDecision } from './trust-log';

// A device bound here to one key may move to another only on that key's word: a chain of rotation
// statements carried by the bundle, the first signed by the key the device is bound to here, each
// next one by the key the one before endorsed, ending at the key that signed the bundle. Anything
// else (a statement signed by another key, made for another device, or naming another new key) is
// refused, so neither a colleague's laptop nor a replayed statement can take a device over.

export interface Rotation {
  deviceId: string;
  from: string;
  to: string;
  /** When the device's owner replaced the key, as the last statement says. */
  at: string;
  chain: KeyRotation[];
}

/**
 * For a bundle signed by another key than the one its device is bound to: the chain that moves the
 * binding to the signer, or the refusal saying why not (null: the bundle carries no statement).
 */
export function followRotations(core: Core, manifest: Manifest, signer: BundleSigner, bound: DeviceBinding): Rotation | AppError | null {
  const statements = manifest.rotations ?? [];
  if (statements.length === 0) return null;
  const deviceId = manifest.from.deviceId;
  const refuse = (why: string) =>
    new AppError(
      'UNAUTHORIZED',
      `The bundle says device ${deviceId}'s key was replaced, but ${why} Device ${deviceId} stays bound here to ${bound.actor}'s key (${formatFingerprint(bound.fingerprint)}), so the bundle was refused.`,
    );
  const boundRow = core.sqlite.prepare('SELECT certificate, status FROM trusted_keys WHERE fingerprint = ?').get(bound.fingerprint) as { certificate: string; status: string } | undefined;
  if (!boundRow) return refuse('the key it is bound to is not known here, so nothing can check the statement.');
  if (boundRow.status === 'revoked') return refuse('the key it is bound to was revoked here, and a revoked key endorses nothing.');
  let current = bound.fingerprint;
  let certificate = Buffer.from(boundRow.certificate, 'base64');
  const chain: KeyRotation[] = [];
  const seen = new Set<string>([current]);
  while (current !== signer.fingerprint) {
    const mine = statements.filter((s) => s.oldFingerprint === current);
    if (mine.length === 0) {
      const other = statements.find((s) => s.deviceId !== deviceId);
      if (chain.length === 0 && other) return refuse(`its statement was made for another device (${other.deviceId}).`);
      return chain.length === 0
        ? refuse(`no statement in it is signed by the key the device is bound to here (${formatFingerprint(current)}).`)
        : refuse(`its statements end at key ${formatFingerprint(current)}, not at the key that signed the bundle (${formatFingerprint(signer.fingerprint)}).`);
    }
    const publicKey = new crypto.X509Certificate(certificate).publicKey;
    const valid = mine.find((s) => {
      try {
        return crypto.verify('sha256', rotationPayload(s), publicKey, Buffer.from(s.signature, 'base64'));
      } catch {
        return false;
      }
    });
    if (!valid) return refuse(`its statement naming key ${formatFingerprint(current)} as the old one is not signed by that key.`);
    if (valid.deviceId !== deviceId) return refuse(`its statement was made for another device (${valid.deviceId}).`);
    const next = Buffer.from(valid.newCertificate, 'base64');
    if (fingerprintOf(next) !== valid.newFingerprint) return refuse('its statement names a new certificate that is not the one it gives.');
    if (seen.has(valid.newFingerprint)) {
      if (valid.newFingerprint === signer.fingerprint) {
        chain.push(valid);
        break;
      }
      return refuse('its statements go round in a circle without reaching the key that signed the bundle.');
    }
    seen.add(valid.newFingerprint);
    chain.push(valid);
    current = valid.newFingerprint;
    certificate = next;
  }
  const last = chain[chain.length - 1] as KeyRotation;
  return { deviceId, from: bound.fingerprint, to: signer.fingerprint, at: last.at, chain };
}

/**
 * Moves the device's binding to its endorsed new key. device_keys keeps the first key for good
 * (append-only); the move is the signed trust log's rebind entry, which bindingOf reads. Inside the import's transaction.
 */
export function rebindDevice(core: Core, rotation: Rotation, actor: string, now: string): void {
  recordDecision(core, 'rebind', rotation.deviceId, { from: rotation.from, fingerprint: rotation.to, actor, replacedAt: rotation.at, endorsedBy: rotation.from }, now);
}
