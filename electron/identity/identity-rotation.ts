import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../ledger/canonical';
import { fingerprintOf } from './certificate';

// When a laptop's signing key is replaced, the old key signs a rotation statement: "on this device,
// the key with this fingerprint is followed by this certificate, from this time". The statements are
// kept with the identities (identity/rotations/), and every bundle the device exports carries them,
// so a peer that trusts the old key takes the new one for the device without being asked again.

export const ROTATION_KIND = 'release-audit-key-rotation';

export interface KeyRotation {
  kind: typeof ROTATION_KIND;
  deviceId: string;
  oldFingerprint: string;
  newFingerprint: string;
  /** The new certificate, DER in base64. */
  newCertificate: string;
  at: string;
  /** RSA-SHA256 by the old key over the canonical JSON of every other field. */
  signature: string;
}

const folder = (dataDir: string) => path.join(dataDir, 'identity', 'rotations');

/** What the old key signs: every field of the statement but the signature, in canonical JSON. */
export const rotationPayload = (statement: Omit<KeyRotation, 'signature'>): Buffer =>
  Buffer.from(
    canonicalJson({
      kind: statement.kind,
      deviceId: statement.deviceId,
      oldFingerprint: statement.oldFingerprint,
      newFingerprint: statement.newFingerprint,
      newCertificate: statement.newCertificate,
      at: statement.at,
    }),
    'utf8',
  );

/** Signs the statement with the old key and keeps it (written whole, then renamed). */
export function endorseRotation(
  dataDir: string,
  deviceId: string,
  old: { privateKeyPem: string; certificateDer: Buffer },
  newCertificateDer: Buffer,
  at = new Date().toISOString(),
): KeyRotation {
  const body = {
    kind: ROTATION_KIND,
    deviceId,
    oldFingerprint: fingerprintOf(old.certificateDer),
    newFingerprint: fingerprintOf(newCertificateDer),
    newCertificate: newCertificateDer.toString('base64'),
    at,
  } as const;
  const statement: KeyRotation = { ...body, signature: crypto.sign('sha256', rotationPayload(body), old.privateKeyPem).toString('base64') };
  fs.mkdirSync(folder(dataDir), { recursive: true, mode: 0o700 });
  const file = path.join(folder(dataDir), `${at.replace(/[^0-9]/g, '')}-${body.newFingerprint.slice(0, 16)}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(statement, null, 2), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  return statement;
}

/** The rotation statements kept for a device, oldest first. */
export function rotationsOf(dataDir: string, deviceId: string): KeyRotation[] {
  const dir = folder(dataDir);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as KeyRotation)
    .filter((statement) => statement.kind === ROTATION_KIND && statement.deviceId === deviceId);
}
