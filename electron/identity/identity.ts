import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { AppError } from '../../shared/api/errors';
import { newId } from '../ids';
import { certificateDer, commonName, fingerprintOf, formatFingerprint } from './certificate';
import { readLegacy, claimable, legacyFolders } from './identity-legacy';
import { checkValidity, describe, openP12, withPassphrase, type Identity } from './p12';
import { endorseRotation } from './identity-rotation';
import { newSecret, passphraseFor, type SecretRecord } from './secrets';

// Each auditor signs reports with their own key and X.509 certificate: a self-signed one made here
// by default, or a PKCS#12 from the organisation's CA. Each identity lives in identity/<id>/ under a
// stable id (never a name, so no two names share a folder), with its public certificate beside the
// PKCS#12; its passphrase is kept elsewhere (see secrets.ts). identity/actors/ says which identity
// each actor signs with, one file per actor named by the SHA-256 of the exact name, so any name in
// any script works and no two names collide.

/** Making or importing an identity for an actor who already has one replaces it only when asked to. */
export interface ReplaceOption {
  replace?: boolean;
  /** This laptop's device id: the replaced key then signs a rotation statement for it (see identity-rotation.ts). */
  deviceId?: string;
}

interface StoredIdentity {
  version: 2;
  id: string;
  name: string;
  role: string;
  secret: SecretRecord;
  createdAt: string;
  /** For an identity moved from the old layout: the name of its old folder. */
  legacySlug?: string;
  /** Set when another identity replaced it: kept as a known certificate of its auditor, never signed with again. */
  retired?: { at: string; replacedBy: string };
}

const root = (dataDir: string) => path.join(dataDir, 'identity');
const actorFile = (dataDir: string, actor: string) =>
  path.join(root(dataDir), 'actors', `${crypto.createHash('sha256').update(actor.normalize('NFC')).digest('hex')}.json`);

/** The identity the actor signs with, or null when they have none yet. */
export function loadIdentity(dataDir: string, actor: string): Identity | null {
  migrateLegacy(dataDir);
  const id = currentId(dataDir, actor);
  if (!id) return null;
  const identity = loadStored(path.join(root(dataDir), id));
  if (!identity) throw new AppError('INTEGRITY', `The signing identity ${id} of ${actor} is missing from ${root(dataDir)}.`);
  return identity;
}

function currentId(dataDir: string, actor: string): string | null {
  const file = actorFile(dataDir, actor);
  if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { id: string }).id;
  return claimMigrated(dataDir, actor);
}

/** Reads the passphrase now, so it is asked for (or refused) before any work, not after it. */
export function unlock(identity: Identity): Identity {
  if (identity.passphrase === '') throw new AppError('LOCKED', `The signing key of ${identity.name} has an empty passphrase, which is refused.`);
  return identity;
}

/** Every signing identity kept in the data folder. Reads only certificates: asks for no passphrase. */
export function listIdentities(dataDir: string): Identity[] {
  const dir = root(dataDir);
  if (!fs.existsSync(dir)) return [];
  const stored = fs
    .readdirSync(dir)
    .filter((name) => name !== 'actors' && !name.startsWith('.'))
    .map((name) => loadStored(path.join(dir, name)))
    .filter((i): i is Identity => i !== null);
  return [...stored, ...legacyFolders(dir).map((folder) => readLegacy(folder).identity)];
}

/** Points an actor at an identity already in the data folder (for example a key moved from the old layout). */
export function useIdentity(dataDir: string, actor: string, fingerprint: string, options: Pick<ReplaceOption, 'deviceId'> = {}): Identity {
  migrateLegacy(dataDir);
  const identity = listIdentities(dataDir).find((i) => i.fingerprint === fingerprint);
  if (!identity) throw new AppError('NOT_FOUND', `There is no signing identity with the fingerprint ${formatFingerprint(fingerprint)} in this data folder.`);
  const previous = currentId(dataDir, actor);
  if (previous && previous !== identity.id) endorse(dataDir, previous, fs.readFileSync(path.join(root(dataDir), identity.id, 'certificate.der')), options.deviceId);
  writeActor(dataDir, actor, identity.id);
  if (previous && previous !== identity.id) retire(dataDir, previous, identity.id);
  retire(dataDir, identity.id, null);
  return loadStored(path.join(root(dataDir), identity.id)) ?? identity;
}

/** Makes a 2048-bit RSA key and a self-signed certificate for the auditor, valid for ten years. */
export function createSelfSignedIdentity(dataDir: string, name: string, role: string, actor = name, options: ReplaceOption = {}): Identity {
  migrateLegacy(dataDir);
  refuseSilentReplace(dataDir, actor, options);
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${crypto.randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
  const utf8 = forge.asn1.Type.UTF8;
  const subject = [
    { name: 'commonName', value: name, valueTagClass: utf8 },
    { name: 'organizationalUnitName', value: role || 'Auditor', valueTagClass: utf8 },
    { name: 'organizationName', value: 'Release Audit (self-signed)', valueTagClass: utf8 },
  ] as unknown as forge.pki.CertificateField[];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return store(dataDir, actor, key, [cert], { name, role }, options);
}

/** Imports a PKCS#12 issued by the organisation's CA; refuses one that does not open or has no key. */
export function importIdentity(dataDir: string, p12: Buffer, passphrase: string, role: string, actor?: string, options: ReplaceOption = {}): Identity {
  migrateLegacy(dataDir);
  const { key, cert, certs } = openP12(p12, passphrase);
  const owner = actor ?? commonName(cert);
  refuseSilentReplace(dataDir, owner, options);
  return store(dataDir, owner, key, [cert, ...certs.filter((c) => c !== cert)], { name: commonName(cert), role }, options);
}

/**
 * A new key for an actor who already signs with one is a replacement, never a side effect of a click:
 * laptops that have had bundles from this one keep its first key and refuse bundles signed with a new one.
 */
function refuseSilentReplace(dataDir: string, actor: string, options: ReplaceOption): void {
  if (!actor || options.replace) return;
  const id = currentId(dataDir, actor);
  const current = id ? loadStored(path.join(root(dataDir), id)) : null;
  if (!current) return;
  throw new AppError(
    'CONFLICT',
    `${actor} already signs with certificate ${formatFingerprint(current.fingerprint, true)}. A new one replaces it: the old key endorses the new one, so laptops that trust the old key accept the new one once a bundle carrying that endorsement reaches them; a laptop that never trusted the old key has to trust the new one; reports and bundles already signed keep verifying. Ask to replace it to go ahead.`,
  );
}

/**
 * Writes a new identity: the key wrapped again under a passphrase of the secret store's choosing, its
 * certificate, and the record of where the passphrase is. Staged in a hidden folder, then renamed, so
 * a crash leaves no half identity; only then does the actor point at it.
 */
function store(
  dataDir: string,
  actor: string,
  key: forge.pki.rsa.PrivateKey,
  certs: forge.pki.Certificate[],
  meta: { name: string; role: string; legacySlug?: string },
  options: ReplaceOption = {},
): Identity {
  const leaf = certs[0] as forge.pki.Certificate;
  checkValidity(leaf);
  const id = newId();
  const { passphrase, record } = newSecret(id, `${meta.name} (${formatFingerprint(fingerprintOf(certificateDer(leaf)), true)})`);
  const p12 = Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(key, certs, passphrase, { algorithm: '3des', friendlyName: 'Release Audit signing key' })).getBytes(), 'binary');
  const stored: StoredIdentity = { version: 2, id, name: meta.name, role: meta.role, secret: record, createdAt: new Date().toISOString(), ...(meta.legacySlug ? { legacySlug: meta.legacySlug } : {}) };
  fs.mkdirSync(root(dataDir), { recursive: true, mode: 0o700 });
  const staging = path.join(root(dataDir), `.new-${id}`);
  fs.mkdirSync(staging, { mode: 0o700 });
  fs.writeFileSync(path.join(staging, 'identity.p12'), p12, { mode: 0o600 });
  fs.writeFileSync(path.join(staging, 'certificate.der'), certificateDer(leaf), { mode: 0o600 });
  fs.writeFileSync(path.join(staging, 'identity.json'), JSON.stringify(stored, null, 2), { mode: 0o600 });
  fs.renameSync(staging, path.join(root(dataDir), id));
  const identity = loadStored(path.join(root(dataDir), id)) as Identity;
  if (actor) {
    const replaced = options.replace ? currentId(dataDir, actor) : null;
    if (replaced && replaced !== id) {
      try {
        endorse(dataDir, replaced, certificateDer(leaf), options.deviceId);
      } catch (error) {
        // The old key could not endorse the new one: nothing is replaced.
        fs.rmSync(path.join(root(dataDir), id), { recursive: true, force: true });
        throw error;
      }
    }
    writeActor(dataDir, actor, id);
    if (replaced && replaced !== id) retire(dataDir, replaced, id);
  }
  return identity;
}

/** The replaced key signs a statement naming the new certificate, so peers that trust it take the new one for this device. */
function endorse(dataDir: string, oldId: string, newCertificateDer: Buffer, deviceId: string | undefined): void {
  if (!deviceId) return;
  const old = loadStored(path.join(root(dataDir), oldId));
  if (!old) return;
  endorseRotation(dataDir, deviceId, keyAndCertificate(old), newCertificateDer);
}

/** The replaced identity stays in its folder, so the reports and bundles it signed are still its auditor's (null: signed with again). */
function retire(dataDir: string, id: string, replacedBy: string | null): void {
  const file = path.join(root(dataDir), id, 'identity.json');
  if (!fs.existsSync(file)) return;
  const meta = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredIdentity;
  if (meta.version !== 2 || (replacedBy === null && !meta.retired)) return;
  const { retired: _was, ...rest } = meta;
  const next: StoredIdentity = replacedBy === null ? rest : { ...rest, retired: { at: new Date().toISOString(), replacedBy } };
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(next, null, 2), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

function writeActor(dataDir: string, actor: string, id: string): void {
  const file = actorFile(dataDir, actor);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ actor: actor.normalize('NFC'), id }), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

function loadStored(dir: string): Identity | null {
  const metaFile = path.join(dir, 'identity.json');
  const certFile = path.join(dir, 'certificate.der');
  if (!fs.existsSync(metaFile) || !fs.existsSync(certFile)) return null;
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as StoredIdentity;
  if (meta.version !== 2) return null;
  const der = fs.readFileSync(certFile);
  const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(der.toString('binary')));
  const p12 = fs.readFileSync(path.join(dir, 'identity.p12'));
  const fingerprint = fingerprintOf(der);
  const label = `${meta.name} (${formatFingerprint(fingerprint, true)})`;
  const described = describe(meta.id, meta.name, meta.role, p12, cert);
  return withPassphrase(meta.retired ? { ...described, retiredAt: meta.retired.at } : described, () => {
    const passphrase = passphraseFor(meta.secret, meta.id, label);
    try {
      openP12(p12, passphrase);
    } catch {
      throw new AppError('LOCKED', `The passphrase given does not open the signing key of ${label}.`);
    }
    return passphrase;
  });
}

/** The auditor's private key (PEM) and certificate (DER), for signatures made outside a PDF (sync bundles). */
export function keyAndCertificate(identity: Identity): { privateKeyPem: string; certificateDer: Buffer } {
  const { key, cert } = openP12(identity.p12, identity.passphrase);
  return { privateKeyPem: forge.pki.privateKeyToPem(key), certificateDer: certificateDer(cert) };
}

/** Moves every identity of the old layout (passphrase in plain text beside the key) to the new one. */
function migrateLegacy(dataDir: string): void {
  const dir = root(dataDir);
  if (!fs.existsSync(dir)) return;
  for (const folder of legacyFolders(dir)) {
    const legacy = readLegacy(folder);
    const slug = path.basename(folder);
    // A move interrupted after the new folder was written is not made twice.
    const done = listIdentities(dataDir).some((i) => i.fingerprint === legacy.identity.fingerprint && storedSlug(dir, i.id) === slug);
    if (!done) {
      try {
        store(dataDir, '', legacy.key, legacy.certs, { name: legacy.identity.name, role: legacy.identity.role, legacySlug: slug });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'LOCKED') throw error;
        throw new AppError(
          'LOCKED',
          `The signing key in ${folder} keeps its passphrase in plain text beside it. Release Audit moves it to a safe place on first use, but: ${error.message}`,
        );
      }
    }
    // The key is safely in its new folder: only now is the old one, with its plain-text passphrase, removed.
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function storedSlug(dir: string, id: string): string | undefined {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, id, 'identity.json'), 'utf8')) as Partial<StoredIdentity>;
  return meta.version === 2 ? meta.legacySlug : undefined;
}

/** An actor with no identity yet takes over a moved one made under their own name (see claimable). */
function claimMigrated(dataDir: string, actor: string): string | null {
  const dir = root(dataDir);
  const claimed = new Set(
    fs.existsSync(path.join(dir, 'actors'))
      ? fs.readdirSync(path.join(dir, 'actors')).filter((f) => f.endsWith('.json')).map((f) => (JSON.parse(fs.readFileSync(path.join(dir, 'actors', f), 'utf8')) as { id: string }).id)
      : [],
  );
  for (const identity of listIdentities(dataDir)) {
    const slug = storedSlug(dir, identity.id);
    if (slug !== undefined && !claimed.has(identity.id) && claimable(slug, identity.name, actor)) {
      writeActor(dataDir, actor, identity.id);
      return identity.id;
    }
  }
  return null;
}
