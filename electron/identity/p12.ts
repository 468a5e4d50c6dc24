import forge from 'node-forge';
import { AppError } from '../../shared/api/errors';
import { certificateDer, commonName, distinguishedName, fingerprintOf } from './certificate';

// A signing identity as the app holds it, and the PKCS#12 file it comes from: what both the identity
// store and the reader of the old layout (identity-legacy.ts) need, so neither imports the other.

export interface Identity {
  id: string;
  name: string;
  role: string;
  p12: Buffer;
  /** Read from where it is kept on first use (it may ask at a terminal); never stored with the key. */
  passphrase: string;
  fingerprint: string;
  subject: string;
  issuer: string;
  selfSigned: boolean;
  /** When another identity replaced this one as its actor's: it is kept, so what it signed still verifies. */
  retiredAt?: string;
}

export function describe(id: string, name: string, role: string, p12: Buffer, cert: forge.pki.Certificate): Omit<Identity, 'passphrase'> {
  const subject = distinguishedName(cert.subject.attributes);
  const issuer = distinguishedName(cert.issuer.attributes);
  return { id, name: name || commonName(cert) || 'Auditor', role, p12, fingerprint: fingerprintOf(certificateDer(cert)), subject, issuer, selfSigned: subject === issuer };
}

/** The passphrase is read only when something signs (so listing and status never ask for it), then kept. */
export function withPassphrase(identity: Omit<Identity, 'passphrase'>, read: () => string): Identity {
  let cached: string | undefined;
  return Object.defineProperty(identity, 'passphrase', { enumerable: false, get: () => (cached ??= read()) }) as Identity;
}

/** Opens a PKCS#12: the private key and the certificate that goes with it (a CA's PKCS#12 often carries the CA's too). */
export function openP12(p12: Buffer, passphrase: string): { key: forge.pki.rsa.PrivateKey; cert: forge.pki.Certificate; certs: forge.pki.Certificate[] } {
  let key: forge.pki.rsa.PrivateKey | undefined;
  let certs: forge.pki.Certificate[] = [];
  try {
    const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), passphrase);
    const certBag = forge.pki.oids.certBag as string;
    const keyBag = forge.pki.oids.pkcs8ShroudedKeyBag as string;
    key = parsed.getBags({ bagType: keyBag })[keyBag]?.[0]?.key as forge.pki.rsa.PrivateKey | undefined;
    certs = (parsed.getBags({ bagType: certBag })[certBag] ?? []).map((bag) => bag.cert).filter((c): c is forge.pki.Certificate => c !== undefined);
  } catch {
    throw new AppError('VALIDATION', 'The PKCS#12 file could not be opened: wrong passphrase, or not a PKCS#12 file.');
  }
  const cert = certs.find((c) => key !== undefined && (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n));
  if (!cert || !key) throw new AppError('VALIDATION', 'The PKCS#12 file must hold a private key and the certificate that goes with it.');
  checkValidity(cert);
  return { key, cert, certs };
}

export function checkValidity(cert: forge.pki.Certificate): void {
  if (cert.validity.notAfter.getTime() < Date.now()) throw new AppError('VALIDATION', `The certificate expired on ${cert.validity.notAfter.toISOString().slice(0, 10)}.`);
}
