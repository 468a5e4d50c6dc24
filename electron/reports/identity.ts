import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { AppError } from '../../shared/api/errors';

// Each auditor signs reports with their own key and X.509 certificate: a self-signed one made here
// by default, or a PKCS#12 from the organisation's CA. Kept in the data folder, readable only by its owner.

export interface Identity {
  name: string;
  role: string;
  p12: Buffer;
  passphrase: string;
  fingerprint: string;
  subject: string;
  issuer: string;
  selfSigned: boolean;
}

interface StoredIdentity {
  name: string;
  role: string;
  passphrase: string;
}

// One identity per auditor (per actor name) in a data folder shared by several people.
const slug = (actor: string) => actor.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'auditor';
const folder = (dataDir: string, actor: string) => path.join(dataDir, 'identity', slug(actor));

export function loadIdentity(dataDir: string, actor: string): Identity | null {
  const dir = folder(dataDir, actor);
  if (!fs.existsSync(path.join(dir, 'identity.p12'))) return null;
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'identity.json'), 'utf8')) as StoredIdentity;
  return describe(fs.readFileSync(path.join(dir, 'identity.p12')), meta);
}

/** Every signing identity kept in the data folder, one per auditor. */
export function listIdentities(dataDir: string): Identity[] {
  const root = path.join(dataDir, 'identity');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .map((name) => loadIdentityFrom(path.join(root, name)))
    .filter((i): i is Identity => i !== null);
}

function loadIdentityFrom(dir: string): Identity | null {
  if (!fs.existsSync(path.join(dir, 'identity.p12'))) return null;
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'identity.json'), 'utf8')) as StoredIdentity;
  return describe(fs.readFileSync(path.join(dir, 'identity.p12')), meta);
}

/** Makes a 2048-bit RSA key and a self-signed certificate for the auditor, valid for ten years. */
export function createSelfSignedIdentity(dataDir: string, name: string, role: string, actor = name): Identity {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${crypto.randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
  const subject = [
    { name: 'commonName', value: name },
    { name: 'organizationalUnitName', value: role || 'Auditor' },
    { name: 'organizationName', value: 'Release Audit (self-signed)' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const passphrase = crypto.randomBytes(24).toString('base64url');
  const der = forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], passphrase, { algorithm: '3des', friendlyName: name })).getBytes();
  return store(folder(dataDir, actor), Buffer.from(der, 'binary'), { name, role, passphrase });
}

/** Imports a PKCS#12 issued by the organisation's CA; refuses one that does not open or has no key. */
export function importIdentity(dataDir: string, p12: Buffer, passphrase: string, role: string, actor?: string): Identity {
  const identity = describe(p12, { name: '', role, passphrase });
  return store(folder(dataDir, actor ?? identity.name), p12, { name: identity.name, role, passphrase });
}

function store(dir: string, p12: Buffer, meta: StoredIdentity): Identity {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const identity = describe(p12, meta);
  fs.writeFileSync(path.join(dir, 'identity.p12.tmp'), p12, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'identity.json.tmp'), JSON.stringify(meta), { mode: 0o600 });
  fs.renameSync(path.join(dir, 'identity.p12.tmp'), path.join(dir, 'identity.p12'));
  fs.renameSync(path.join(dir, 'identity.json.tmp'), path.join(dir, 'identity.json'));
  return identity;
}

function describe(p12: Buffer, meta: StoredIdentity): Identity {
  let cert: forge.pki.Certificate | undefined;
  let hasKey = false;
  try {
    const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), meta.passphrase);
    const certBag = forge.pki.oids.certBag as string;
    const keyBag = forge.pki.oids.pkcs8ShroudedKeyBag as string;
    const key = parsed.getBags({ bagType: keyBag })[keyBag]?.[0]?.key as forge.pki.rsa.PrivateKey | undefined;
    hasKey = key !== undefined;
    // A PKCS#12 from a CA often carries the CA's certificate too: the signer's is the one matching the key.
    const certs = (parsed.getBags({ bagType: certBag })[certBag] ?? []).map((bag) => bag.cert).filter((c): c is forge.pki.Certificate => c !== undefined);
    cert = certs.find((c) => key !== undefined && (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n));
  } catch {
    throw new AppError('VALIDATION', 'The PKCS#12 file could not be opened: wrong passphrase, or not a PKCS#12 file.');
  }
  if (!cert || !hasKey) throw new AppError('VALIDATION', 'The PKCS#12 file must hold a private key and the certificate that goes with it.');
  if (cert.validity.notAfter.getTime() < Date.now()) throw new AppError('VALIDATION', `The certificate expired on ${cert.validity.notAfter.toISOString().slice(0, 10)}.`);
  const dn = (attrs: forge.pki.CertificateField[]) => attrs.map((a) => `${a.shortName}=${a.value}`).join(', ');
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return {
    name: meta.name || String(cert.subject.getField('CN')?.value ?? 'Auditor'),
    role: meta.role,
    p12,
    passphrase: meta.passphrase,
    fingerprint: crypto.createHash('sha256').update(Buffer.from(der, 'binary')).digest('hex'),
    subject: dn(cert.subject.attributes),
    issuer: dn(cert.issuer.attributes),
    selfSigned: dn(cert.subject.attributes) === dn(cert.issuer.attributes),
  };
}

/** The auditor's private key (PEM) and certificate (DER), for signatures made outside a PDF (sync bundles). */
export function keyAndCertificate(identity: Identity): { privateKeyPem: string; certificateDer: Buffer } {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(identity.p12.toString('binary')), identity.passphrase);
  const keyBag = forge.pki.oids.pkcs8ShroudedKeyBag as string;
  const certBag = forge.pki.oids.certBag as string;
  const key = parsed.getBags({ bagType: keyBag })[keyBag]?.[0]?.key as forge.pki.rsa.PrivateKey;
  const cert = (parsed.getBags({ bagType: certBag })[certBag] ?? [])
    .map((bag) => bag.cert)
    .find((c) => c !== undefined && (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n)) as forge.pki.Certificate;
  return {
    privateKeyPem: forge.pki.privateKeyToPem(key),
    certificateDer: Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'),
  };
}
