import { createHash, randomBytes, sign, verify, X509Certificate } from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import { hubHeaders } from '../../shared/api/hub';
import { fingerprintOf } from '../identity/certificate';

// A request to the hub signed with the auditor's own signing key: the method, the path with its
// query, the time, a one-time nonce and the SHA-256 of the body, signed RSA-SHA256 and sent with the
// certificate. The hub checks the signature against the certificate, the time against its clock and
// the nonce against those it saw, then knows the caller by the certificate's fingerprint.

export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface RequestSigner {
  privateKeyPem: string;
  certificateDer: Buffer;
}

export interface SignedCaller {
  fingerprint: string;
  certificateDer: Buffer;
  commonName: string;
}

const canonical = (method: string, target: string, date: string, nonce: string, contentSha256: string): Buffer =>
  Buffer.from(['release-audit-hub-request-1', method.toUpperCase(), target, date, nonce, contentSha256].join('\n'), 'utf8');

export const sha256Hex = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');
export const EMPTY_SHA256 = sha256Hex('');

/** The headers that sign a request (target: the path with its query, as sent). */
export function signRequest(signer: RequestSigner, method: string, target: string, contentSha256: string, now = new Date()): Record<string, string> {
  const date = now.toISOString();
  const nonce = randomBytes(16).toString('hex');
  const signature = sign('sha256', canonical(method, target, date, nonce, contentSha256), signer.privateKeyPem);
  return {
    [hubHeaders.certificate]: signer.certificateDer.toString('base64'),
    [hubHeaders.date]: date,
    [hubHeaders.nonce]: nonce,
    [hubHeaders.contentSha256]: contentSha256,
    [hubHeaders.signature]: signature.toString('base64'),
  };
}

const refused = (why: string): AppError => new AppError('UNAUTHORIZED', `The request was refused: ${why}`);

/** Nonces seen within the clock window: a request replayed within it is refused. */
export class NonceWindow {
  private readonly seen = new Map<string, number>();

  /** True when the nonce is new; it is kept until its time leaves the window. */
  take(nonce: string, at: number, now: number): boolean {
    if (this.seen.size > 10_000) for (const [key, time] of this.seen) if (time < now - CLOCK_SKEW_MS) this.seen.delete(key);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, at);
    return true;
  }
}

type HeaderValue = string | string[] | undefined;
const one = (headers: Record<string, HeaderValue>, name: string): string => {
  const value = headers[name];
  if (typeof value !== 'string' || value === '') throw refused(`it carries no ${name} header (requests to the hub are signed with the auditor's key).`);
  return value;
};

/**
 * Checks a request's signature headers (the body's hash is checked by the caller as the body is
 * read). Returns who signed it; refuses in words a missing, stale, replayed or forged signature.
 */
export function verifyRequest(headers: Record<string, HeaderValue>, method: string, target: string, nonces: NonceWindow, now = Date.now()): SignedCaller & { contentSha256: string } {
  const certificateB64 = one(headers, hubHeaders.certificate);
  const date = one(headers, hubHeaders.date);
  const nonce = one(headers, hubHeaders.nonce);
  const contentSha256 = one(headers, hubHeaders.contentSha256);
  const signatureB64 = one(headers, hubHeaders.signature);
  if (!/^[0-9a-f]{32,64}$/.test(nonce)) throw refused('its nonce is not 32 to 64 hex digits.');
  if (!/^[0-9a-f]{64}$/.test(contentSha256)) throw refused('its content hash is not a SHA-256.');
  if (certificateB64.length > 16_000 || signatureB64.length > 2_000) throw refused('its certificate or signature is too long.');
  const at = Date.parse(date);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(date) || Number.isNaN(at)) throw refused('its date is not a UTC time.');
  if (Math.abs(now - at) > CLOCK_SKEW_MS) throw refused(`it was signed at ${date}, more than 5 minutes from the hub's clock (${new Date(now).toISOString()}): check the laptop's clock.`);
  const certificateDer = Buffer.from(certificateB64, 'base64');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificateDer);
  } catch {
    throw refused('its certificate cannot be read.');
  }
  const ok = verify('sha256', canonical(method, target, date, nonce, contentSha256), certificate.publicKey, Buffer.from(signatureB64, 'base64'));
  if (!ok) throw refused('its signature does not match the request (it was changed on the way, or not signed with this certificate\'s key).');
  if (!nonces.take(nonce, at, now)) throw refused('it was sent before (a replayed request).');
  const commonName = /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1] ?? certificate.subject;
  return { fingerprint: fingerprintOf(certificateDer), certificateDer, commonName, contentSha256 };
}
