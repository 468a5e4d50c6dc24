import crypto from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import { rotationPayload, type KeyRotation } from '../identity/identity-rotation';
import { listIdentities } from '../identity/identity';
import type { Core } from '../services';
import { fingerprintOf, type BundleSigner } from './bundle-file';
import { formatFingerprint } from './fingerprint';
import type { Manifest } from './format';
import type { TrustState } from '../../shared/api/sync';
import { bindingOf, type DeviceBinding } from './trust';
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

/**
 * A device keeps the key of its first bundle, unless that key endorsed the one that signed this
 * bundle (see rotation.ts): a bundle claiming it under another key is refused. Returns the endorsed
 * key change, if any; `admit` settles trust in the signer first, as it always did.
 */
export function refuseClaimedDevice(
  core: Core,
  manifest: Manifest,
  signer: BundleSigner,
  trust: { trust: TrustState; revokedAt: string | null },
  admit: (trust: { trust: TrustState; revokedAt: string | null }, signer: BundleSigner, rotation: Rotation | null) => void,
): Rotation | null {
  const signedBy = `${signer.commonName}'s key (${formatFingerprint(signer.fingerprint)})`;
  const bound = manifest.from.deviceId === core.deviceId ? undefined : bindingOf(core, manifest.from.deviceId);
  const followed = bound && bound.fingerprint !== signer.fingerprint ? followRotations(core, manifest, signer, bound) : null;
  // A statement that does not hold is refused as such (a person trusting the key changes nothing about it).
  if (followed instanceof AppError) throw followed;
  admit(trust, signer, followed);
  if (followed) return followed;
  if (manifest.from.deviceId === core.deviceId) {
    if (listIdentities(core.layout.root).some((identity) => identity.fingerprint === signer.fingerprint)) return null;
    throw new AppError('UNAUTHORIZED', `The bundle claims to come from this laptop (device ${core.deviceId}), but it is signed by ${signedBy}, which is not a key of this laptop: it was refused.`);
  }
  if (!bound) {
    // A laptop's first bundle here, when its record already came through others: the key must carry
    // the name of someone who wrote that record, or a colleague could claim the laptop first and then
    // speak for its record.
    const writers = (core.sqlite.prepare('SELECT DISTINCT actor FROM ledger WHERE device_id = ? LIMIT 50').all(manifest.from.deviceId) as Array<{ actor: string }>).map((r) => r.actor);
    const name = signer.commonName.trim().toLowerCase();
    if (writers.length === 0 || writers.some((writer) => writer.trim().toLowerCase() === name)) return null;
    throw new AppError(
      'UNAUTHORIZED',
      `The bundle says it comes from device ${manifest.from.deviceId}, whose record reached this laptop through others, written by ${writers.slice(0, 3).join(', ')}; but it is signed by ${signedBy}. A laptop's first bundle must be signed by someone who writes on it: the bundle was refused.`,
    );
  }
  if (bound.fingerprint === signer.fingerprint) return null;
  throw new AppError(
    'UNAUTHORIZED',
    `The bundle says it comes from device ${manifest.from.deviceId}, which is bound here to ${bound.actor}'s key (${formatFingerprint(bound.fingerprint)}), but it is signed by ${signedBy}, and it carries no statement from the bound key endorsing the new one. A device keeps its key until that key endorses a new one, so the bundle was refused. If ${bound.actor} replaced their key, ask them to export again from the laptop that replaced it; otherwise ask ${signer.commonName} why their bundle names ${bound.actor}'s laptop.`,
  );
}
