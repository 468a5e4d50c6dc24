import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { createSelfSignedIdentity, importIdentity, loadIdentity } from './identity';
import { issueReport } from './archive';
import { verifyReport } from './service';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';

// A PKCS#12 issued by an organisation's CA (made here with OpenSSL 3), used to sign a report.
function caIssuedP12(dir: string, passphrase: string): Buffer {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=Example Audit CA/O=Example Corp');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=Grace Compliance/O=Example Corp');
  run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.crt', '-days', '30');
  run('pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.crt', '-certfile', 'ca.crt', '-out', 'leaf.p12', '-passout', `pass:${passphrase}`);
  return fs.readFileSync(path.join(dir, 'leaf.p12'));
}

describe('signing identity', () => {
  it('makes a self-signed certificate kept privately in the data folder', () => {
    const dir = tempDir();
    const identity = createSelfSignedIdentity(dir, 'Ada Auditor', 'Lead auditor');
    expect(identity).toMatchObject({ name: 'Ada Auditor', role: 'Lead auditor', selfSigned: true });
    expect(identity.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(path.join(dir, 'identity', identity.id, 'identity.p12')).mode & 0o077).toBe(0);
    expect(loadIdentity(dir, 'Ada Auditor')?.fingerprint).toBe(identity.fingerprint);
    expect(loadIdentity(dir, 'Bob Other')).toBeNull();
  });

  it('lets an auditor sign with another key already in the data folder, and lists every key with its fingerprint', async () => {
    const core = testCore({ actor: 'Jo Smith' });
    const handlers = createHandlers(core);
    const mine = createSelfSignedIdentity(core.layout.root, 'Jo Smith', 'Auditor', 'Jo Smith');
    const moved = createSelfSignedIdentity(core.layout.root, 'Jo Smith', 'Auditor', 'someone-else');
    const listed = await dispatch(handlers, 'identity.list', {});
    expect(listed.ok && (listed.value as Array<{ fingerprint: string; current: boolean }>).map((i) => [i.fingerprint, i.current]).sort()).toEqual(
      [[mine.fingerprint, true], [moved.fingerprint, false]].sort(),
    );
    expect(await dispatch(handlers, 'identity.use', { fingerprint: moved.fingerprint })).toMatchObject({ ok: true, value: { fingerprint: moved.fingerprint } });
    expect(loadIdentity(core.layout.root, 'Jo Smith')?.fingerprint).toBe(moved.fingerprint);
    expect(await dispatch(handlers, 'identity.use', { fingerprint: 'ab'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it("imports an organisation's PKCS#12 and signs reports that pdfsig validates as its holder", async () => {
    const core = testCore();
    const p12 = caIssuedP12(tempDir(), 'correct horse');
    expect(() => importIdentity(core.layout.root, p12, 'wrong', 'Compliance')).toThrow(/wrong passphrase/);
    expect(() => importIdentity(core.layout.root, Buffer.from('not a p12'), 'x', 'Compliance')).toThrow(/could not be opened/);
    const identity = importIdentity(core.layout.root, p12, 'correct horse', 'Compliance Officer', core.actor);
    expect(identity).toMatchObject({ name: 'Grace Compliance', selfSigned: false, issuer: expect.stringContaining('Example Audit CA') });
    const audit = createAudit(core, { name: 'CA-signed', description: '' });
    const issued = await issueReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: true });
    const pdf = fs.readFileSync(core.vault.objectPath(issued.sha256));
    const file = path.join(tempDir(), 'r.pdf');
    fs.writeFileSync(file, pdf);
    const pdfsig = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    expect(pdfsig).toContain('Signature is Valid.');
    expect(pdfsig).toContain('Grace Compliance');
    expect(await verifyReport(pdf, core)).toMatchObject({ ok: true, signer: 'Grace Compliance', certificateFingerprint: identity.fingerprint });
  });
});
