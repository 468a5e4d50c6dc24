import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { renderPdf } from './render';
import { checkSignature } from './sign';

// A small CA and a leaf certificate it issued. The signature carries the CA first, so the signer's
// certificate is not the first in its chain. 1024-bit keys keep the many signatures below quick.
function chain() {
  const make = (cn: string, issuer: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | null, serial: string) => {
    const keys = forge.pki.rsa.generateKeyPair(1024);
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = serial;
    cert.validity.notBefore = new Date(Date.UTC(2020, 0, 1));
    cert.validity.notAfter = new Date(Date.UTC(2040, 0, 1));
    cert.setSubject([{ name: 'commonName', value: cn }]);
    cert.setIssuer((issuer?.cert ?? cert).subject.attributes);
    cert.sign(issuer?.key ?? keys.privateKey, forge.md.sha256.create());
    return { cert, key: keys.privateKey };
  };
  const ca = make('Chain Test CA', null, '01');
  return { ca, leaf: make('Chain Test Signer', ca, '02') };
}

const oid = (name: string) => forge.pki.oids[name] as string;

// Signs as @signpdf's P12Signer does (detached PKCS#7, SHA-256, the same signed attributes), from keys
// in memory rather than a PKCS#12, whose unpacking would make each of the many signatures slow.
class ChainSigner extends P12Signer {
  constructor(
    private readonly keys: ReturnType<typeof chain>,
    private readonly withLeaf = true,
  ) {
    super(Buffer.alloc(0));
  }

  override sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    const { ca, leaf } = this.keys;
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString('binary'));
    p7.addCertificate(ca.cert);
    if (this.withLeaf) p7.addCertificate(leaf.cert);
    p7.addSigner({
      key: leaf.key,
      certificate: leaf.cert,
      digestAlgorithm: oid('sha256'),
      authenticatedAttributes: [
        { type: oid('contentType'), value: oid('data') },
        { type: oid('signingTime'), value: (signingTime ?? new Date()) as unknown as string },
        { type: oid('messageDigest') },
      ],
    });
    p7.sign({ detached: true });
    return Promise.resolve(Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary'));
  }
}

// The length of the DER at the start of a signature's contents, read from its SEQUENCE header.
function derLength(contents: Buffer): number {
  const first = contents[1] as number;
  if (first < 0x80) return 2 + first;
  const octets = first & 0x7f;
  return 2 + octets + contents.subarray(2, 2 + octets).reduce((n, b) => n * 256 + b, 0);
}

function signatureContents(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const range = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)/.exec(text) as RegExpExecArray;
  const start = Number(range[1]) + Number(range[2]);
  return Buffer.from(text.slice(start + 1, Number(range[3]) - 1), 'hex');
}

describe('report signature check', () => {
  it('reads a signature whose own bytes end in zero, and names the signer when the CA comes first in the chain', async () => {
    const signer = new ChainSigner(chain());
    const base = plainAddPlaceholder({ pdfBuffer: await renderPdf({ content: 'Signed test page' }), reason: 'test', contactInfo: '', name: 'x', location: 'here', signatureLength: 4096 });
    // Each signing second gives another signature; about one in 256 ends in a zero byte, which the
    // zero padding of the placeholder then hides from a check that trims zeros.
    let found: Buffer | null = null;
    for (let i = 0; i < 4000 && !found; i++) {
      const signed = await new SignPdf().sign(base, signer, new Date(Date.UTC(2026, 0, 1) + i * 1000));
      const contents = signatureContents(signed);
      if (contents[derLength(contents) - 1] === 0) found = signed;
    }
    expect(found, 'no signature ending in a zero byte turned up').not.toBeNull();
    const check = checkSignature(found as Buffer);
    expect(check).toMatchObject({ signed: true, valid: true, wholeDocument: true, signer: 'Chain Test Signer', problem: null });
    expect(check.certificateFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a signature that does not carry its signer's certificate, rather than naming another", async () => {
    const base = plainAddPlaceholder({ pdfBuffer: await renderPdf({ content: 'Signed test page' }), reason: 'test', contactInfo: '', name: 'x', location: 'here', signatureLength: 4096 });
    const signed = await new SignPdf().sign(base, new ChainSigner(chain(), false));
    expect(checkSignature(signed)).toMatchObject({ signed: true, valid: false, signer: null, problem: 'The signature does not carry the certificate of its signer.' });
  });
});
