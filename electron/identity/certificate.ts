import crypto from 'node:crypto';
import forge from 'node-forge';

// Reading an X.509 certificate as a person sees it: names in any script, and its SHA-256 fingerprint.

/** An attribute's text: forge keeps UTF8String and BMPString values as raw bytes. */
export function attributeText(attribute: forge.pki.CertificateField | undefined | null): string {
  if (!attribute) return '';
  const raw = String(attribute.value ?? '');
  if (attribute.valueTagClass === (forge.asn1.Type.UTF8 as unknown)) {
    try {
      return forge.util.decodeUtf8(raw);
    } catch {
      return raw;
    }
  }
  if (attribute.valueTagClass === (forge.asn1.Type.BMPSTRING as unknown)) {
    let text = '';
    for (let i = 0; i + 1 < raw.length; i += 2) text += String.fromCharCode((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1));
    return text;
  }
  return raw;
}

export function commonName(cert: forge.pki.Certificate): string {
  return attributeText(cert.subject.getField('CN') as forge.pki.CertificateField | null);
}

export function distinguishedName(attributes: forge.pki.CertificateField[]): string {
  return attributes.map((a) => `${a.shortName}=${attributeText(a)}`).join(', ');
}

export function certificateDer(cert: forge.pki.Certificate): Buffer {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

export function fingerprintOf(der: Buffer): string {
  return crypto.createHash('sha256').update(der).digest('hex');
}

/** A fingerprint as people compare it: AB:CD:EF:… (the short form is its first eight pairs). */
export function formatFingerprint(fingerprint: string, short = false): string {
  const pairs = fingerprint.toUpperCase().match(/.{1,2}/g) ?? [];
  return short ? `${pairs.slice(0, 8).join(':')}…` : pairs.join(':');
}

/** A fingerprint as typed or pasted (any case, colons or spaces), as 64 lowercase hex digits, or null. */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}
