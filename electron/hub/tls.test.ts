import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { testTls } from '../../tests/helpers/hub';
import { readTls, selfSignedTls, tlsFingerprint } from './tls';

// The organisation's certificate and key given to `hub serve --tls-cert --tls-key`: read and checked
// to belong together before the hub starts; the test certificate is made once and kept.

describe("the hub's TLS certificate", () => {
  it('reads a certificate and its key from files, and refuses a key that is not the certificate\'s or a file that is missing', () => {
    const dir = tempDir();
    const { certPem, keyPem } = testTls();
    fs.writeFileSync(path.join(dir, 'org.crt'), certPem);
    fs.writeFileSync(path.join(dir, 'org.key'), keyPem);
    const read = readTls(path.join(dir, 'org.crt'), path.join(dir, 'org.key'));
    expect(tlsFingerprint(read.certPem)).toBe(tlsFingerprint(certPem));

    const other = selfSignedTls(path.join(dir, 'other'));
    expect(fs.statSync(path.join(dir, 'other', 'hub-key.pem')).mode & 0o077).toBe(0);
    expect(selfSignedTls(path.join(dir, 'other')).certPem).toBe(other.certPem);
    fs.writeFileSync(path.join(dir, 'wrong.key'), other.keyPem);
    expect(() => readTls(path.join(dir, 'org.crt'), path.join(dir, 'wrong.key'))).toThrow(/cannot be used: the key is not the certificate's/);
    expect(() => readTls(path.join(dir, 'missing.crt'), path.join(dir, 'org.key'))).toThrow(/cannot read its TLS certificate .*missing\.crt/);
    fs.writeFileSync(path.join(dir, 'garbage.crt'), 'not a certificate');
    expect(() => readTls(path.join(dir, 'garbage.crt'), path.join(dir, 'org.key'))).toThrow(/cannot be used/);
  });
});
