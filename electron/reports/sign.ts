import crypto from 'node:crypto';
import forge from 'node-forge';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { attributeText, certificateDer, commonName, fingerprintOf } from '../identity/certificate';
import { openP12, type Identity } from '../identity/p12';
import { signPdfFileInPlace } from './sign-file';

// A real PDF signature (PKCS#7 detached, SHA-256) that any PDF reader, and pdfsig, validates; and the
// check of it that `release-audit verify-report` runs, with no network and no external tool.

// placeholder-plain writes a non-ASCII string as UTF-16 and then re-encodes it as UTF-8, which shifts
// every offset after it and breaks the signature. The signer's name is in the certificate anyway
// (readers show it from there), so the signature dictionary's own copy is kept to ASCII.
const ascii = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : '');

export async function signPdf(pdf: Buffer, identity: Identity, reason: string): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: ascii(reason),
    contactInfo: ascii(identity.role),
    name: ascii(identity.name),
    location: 'Release Audit',
    signatureLength: 16384,
  });
  return new SignPdf().sign(withPlaceholder, new IdentitySigner(identity));
}

/**
 * Signs the PDF in `file` in place, with the same signature as signPdf, appending only the signature's
 * incremental update (sign-file.ts): a failure leaves the unsigned file.
 */
export async function signPdfFile(file: string, identity: Identity, reason: string): Promise<void> {
  const options = { reason: ascii(reason), contactInfo: ascii(identity.role), name: ascii(identity.name), location: 'Release Audit', signatureLength: 16384 };
  await signPdfFileInPlace(file, options, (digest) => signatureOfDigest(identity, digest.toString('binary')));
}

/**
 * Signs as @signpdf's P12Signer does (detached PKCS#7, SHA-256, the same signed attributes), with one
 * fix: forge keeps a parsed UTF8String as raw bytes and encodes it again when it names the signer's
 * issuer, so a certificate with a name in another script was named wrongly and could not be found.
 */
class IdentitySigner extends P12Signer {
  constructor(private readonly identity: Identity) {
    super(Buffer.alloc(0));
  }

  override sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    return Promise.resolve(signatureOfDigest(this.identity, crypto.createHash('sha256').update(pdf).digest('binary'), signingTime));
  }
}

/** The detached PKCS#7 signature (DER) of a document whose SHA-256 is `digest` (binary string). */
function signatureOfDigest(identity: Identity, digest: string, signingTime?: Date): Buffer {
  const { key, cert, certs } = openP12(identity.p12, identity.passphrase);
  const utf8 = forge.asn1.Type.UTF8 as unknown;
  const named = Object.create(cert) as forge.pki.Certificate;
  named.issuer = { ...cert.issuer, attributes: cert.issuer.attributes.map((a) => (a.valueTagClass === utf8 ? { ...a, value: attributeText(a) } : a)) };
  const p7 = forge.pkcs7.createSignedData();
  // Detached: the PDF is not carried, only its digest, which Node's SHA-256 makes many times faster
  // than forge's JavaScript one (and without copying the PDF into a string). forge signs an empty
  // content; its digest is then replaced by the PDF's in the signed attributes, which are signed again.
  p7.content = forge.util.createBuffer('');
  for (const c of certs) p7.addCertificate(c);
  const oid = (name: string) => forge.pki.oids[name] as string;
  p7.addSigner({
    key,
    certificate: named,
    digestAlgorithm: oid('sha256'),
    authenticatedAttributes: [
      { type: oid('contentType'), value: oid('data') },
      { type: oid('signingTime'), value: (signingTime ?? new Date()) as unknown as string },
      { type: oid('messageDigest') },
    ],
  });
  p7.sign({ detached: true });
  signDigest(p7 as unknown as SignedParts, key, digest);
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

/** The parts of forge's signed data that signDigest changes (forge does not declare them). */
interface SignedParts {
  signers: Array<{ authenticatedAttributesAsn1: forge.asn1.Asn1 }>;
  signerInfos: forge.asn1.Asn1[];
}

/** Puts `digest` in the one signer's messageDigest attribute and signs the attributes with `key` again. */
function signDigest(p7: SignedParts, key: forge.pki.rsa.PrivateKey, digest: string): void {
  const [signer] = p7.signers;
  const [info] = p7.signerInfos;
  if (!signer || !info || p7.signers.length !== 1) throw new Error('A report is signed by exactly one signer.');
  const attributes = signer.authenticatedAttributesAsn1.value as forge.asn1.Asn1[];
  const messageDigest = attributes.find((a) => forge.asn1.derToOid((a.value as forge.asn1.Asn1[])[0]?.value as string) === forge.pki.oids.messageDigest);
  const value = ((messageDigest?.value as forge.asn1.Asn1[] | undefined)?.[1]?.value as forge.asn1.Asn1[] | undefined)?.[0];
  if (!value) throw new Error('The signed attributes carry no message digest.');
  value.value = digest;
  // Signed as a SET (RFC 2315 9.3), stored as [0] IMPLICIT: the same attributes, the SET is only for the digest.
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attributes);
  const md = forge.md.sha256.create().update(forge.asn1.toDer(set).getBytes());
  // SignerInfo: version, issuer and serial, digest algorithm, [0] attributes, signature algorithm, signature.
  const fields = info.value as forge.asn1.Asn1[];
  if (fields[3] !== signer.authenticatedAttributesAsn1 || fields.length !== 6) throw new Error('Unexpected signer info layout.');
  (fields[5] as forge.asn1.Asn1).value = key.sign(md, 'RSASSA-PKCS1-V1_5');
}

export interface SignatureCheck {
  signed: boolean;
  valid: boolean;
  /** How many signatures the file carries: a report as issued has exactly one. */
  signatures: number;
  wholeDocument: boolean;
  signer: string | null;
  signedAt: string | null;
  certificateFingerprint: string | null;
  problem: string | null;
}

export function checkSignature(pdf: Buffer): SignatureCheck {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const none = { signed: false, valid: false, signatures: ranges.length, wholeDocument: false, signer: null, signedAt: null, certificateFingerprint: null };
  if (ranges.length === 0) return { ...none, problem: 'The report is not signed.' };
  const last = ranges[ranges.length - 1] as RegExpMatchArray;
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  const wholeDocument = a === 0 && c + d === pdf.length;
  // The signed ranges leave out exactly the signature itself: <hex…>.
  const contents = /^<([0-9A-Fa-f]+)>$/.exec(text.slice(a + b, c));
  if (!contents) return { ...none, signed: true, wholeDocument, problem: 'The signature has no contents.' };
  try {
    // The placeholder is padded with zeros after the DER; the DER itself may end in zero bytes, so it is
    // read by its own length rather than by trimming zeros.
    const hex = contents[1] as string;
    const der = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex').toString('binary');
    // (forge's types know only the boolean form of fromDer's options.)
    const p7 = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(der, { parseAllBytes: false } as unknown as boolean)) as forge.pkcs7.PkcsSignedData & {
      rawCapture: { authenticatedAttributes: forge.asn1.Asn1[]; signature: string; serial?: string; issuer?: forge.asn1.Asn1 };
    };
    // The signer's certificate is the one its signer info names (issuer and serial number), whatever
    // order the chain is in. forge keeps a certificate's issuer as the SHA-1 of its DER.
    const { serial, issuer } = p7.rawCapture;
    const issuerHash = issuer ? forge.md.sha1.create().update(forge.asn1.toDer(issuer).getBytes()).digest().toHex() : null;
    const cert = p7.certificates.find((c) => serial !== undefined && c.serialNumber === forge.util.bytesToHex(serial) && (c.issuer as { hash?: string }).hash === issuerHash);
    if (!cert) return { ...none, signed: true, wholeDocument, problem: 'The signature does not carry the certificate of its signer.' };
    const signedBytes = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    const digest = crypto.createHash('sha256').update(signedBytes).digest('binary');
    const attributes = p7.rawCapture.authenticatedAttributes;
    let messageDigest: string | null = null;
    let signingTime: string | null = null;
    for (const attribute of attributes) {
      const [oid, values] = attribute.value as forge.asn1.Asn1[];
      const id = forge.asn1.derToOid((oid as forge.asn1.Asn1).value as string);
      const first = ((values as forge.asn1.Asn1).value as forge.asn1.Asn1[])[0] as forge.asn1.Asn1;
      if (id === forge.pki.oids.messageDigest) messageDigest = first.value as string;
      if (id === forge.pki.oids.signingTime) signingTime = forge.asn1.utcTimeToDate(first.value as string).toISOString();
    }
    const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attributes);
    const attributesDigest = forge.md.sha256.create().update(forge.asn1.toDer(set).getBytes());
    const signatureValid = (cert.publicKey as forge.pki.rsa.PublicKey).verify(attributesDigest.digest().bytes(), p7.rawCapture.signature);
    const valid = signatureValid && messageDigest === digest && wholeDocument;
    return {
      signed: true,
      valid,
      signatures: ranges.length,
      wholeDocument,
      signer: commonName(cert),
      signedAt: signingTime,
      certificateFingerprint: fingerprintOf(certificateDer(cert)),
      problem: valid
        ? null
        : !wholeDocument
          ? 'The signature does not cover the whole file: something was added after signing.'
          : 'The report was changed after it was signed.',
    };
  } catch {
    return { ...none, signed: true, wholeDocument, problem: 'The signature is damaged and cannot be read.' };
  }
}
