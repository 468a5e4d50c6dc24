import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { AppError } from '../../shared/api/errors';

// The hub's TLS certificate: the organisation's (a PEM certificate and key given to `hub serve`), or
// for testing one the hub makes for itself (kept in the hub's folder, for localhost, 127.0.0.1 and
// this machine's name). Laptops pin the certificate they were shown when connecting.

export interface TlsFiles {
  certPem: string;
  keyPem: string;
}

export const tlsFingerprint = (certPem: string): string => new crypto.X509Certificate(certPem).fingerprint256.replace(/:/g, '').toLowerCase();

export function readTls(certFile: string, keyFile: string): TlsFiles {
  const read = (file: string, what: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new AppError('NOT_FOUND', `The hub cannot read its TLS ${what} ${file}: ${(error as Error).message}.`);
    }
  };
  const certPem = read(certFile, 'certificate');
  const keyPem = read(keyFile, 'key');
  try {
    const cert = new crypto.X509Certificate(certPem);
    if (!cert.checkPrivateKey(crypto.createPrivateKey(keyPem))) throw new Error('the key is not the certificate\'s');
  } catch (error) {
    throw new AppError('VALIDATION', `The TLS certificate ${certFile} and key ${keyFile} cannot be used: ${(error as Error).message}.`);
  }
  return { certPem, keyPem };
}

/** A self-signed certificate for testing, made once and kept in `dir` (tls/ of the hub's folder). */
export function selfSignedTls(dir: string, hostnames: string[] = []): TlsFiles {
  const certFile = path.join(dir, 'hub-cert.pem');
  const keyFile = path.join(dir, 'hub-key.pem');
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) return readTls(certFile, keyFile);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${crypto.randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 2 * 365 * 24 * 3600_000);
  const attrs = [{ name: 'commonName', value: 'Release Audit hub (self-signed, for testing)' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  const names = [...new Set(['localhost', os.hostname(), ...hostnames])];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...names.map((value) => ({ type: 2, value })), { type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const keyPem = forge.pki.privateKeyToPem(keys.privateKey);
  fs.writeFileSync(keyFile, keyPem, { mode: 0o600 });
  fs.writeFileSync(certFile, certPem);
  return { certPem, keyPem };
}
