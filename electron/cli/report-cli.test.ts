import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';

// Reports from the command line as people use it: names in any script, two names that look alike,
// a report checked by someone with no data folder, and a mistaken --out.

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function auditWithEvidence(dir: string, actor: string): Promise<string> {
  const audit = JSON.parse((await cli('--data-dir', dir, '--actor', actor, 'audit', 'create', '--name', 'Reported', '--json')).out) as { id: string };
  return audit.id;
}

/** Signs a report as the actor and returns the fingerprint verify-report reads from it. */
async function signedFingerprint(dir: string, actor: string, auditId: string): Promise<string> {
  const out = path.join(tempDir(), 'r.pdf');
  const made = await cli('--data-dir', dir, '--actor', actor, 'report', '--audit', auditId, '--out', out, '--sign');
  expect(made.code, made.err).toBe(0);
  const verified = await cli('--data-dir', dir, 'verify-report', out);
  expect(verified.code, verified.out).toBe(0);
  expect(verified.out).toContain(`signed by ${actor}`);
  return /Certificate SHA-256: ([0-9a-f]{64})/.exec(verified.out)?.[1] as string;
}

describe('report signing from the command line', () => {
  it('gives "jo.smith" and "Jo Smith" each their own key', async () => {
    const dir = tempDir();
    const auditId = await auditWithEvidence(dir, 'Jo Smith');
    const jo = await signedFingerprint(dir, 'Jo Smith', auditId);
    const other = await signedFingerprint(dir, 'jo.smith', auditId);
    expect(other).not.toBe(jo);
    expect(await signedFingerprint(dir, 'Jo Smith', auditId)).toBe(jo);
  });

  it('signs as 张伟 and as a Cyrillic name, each keeping their own key after others make theirs', async () => {
    const dir = tempDir();
    const auditId = await auditWithEvidence(dir, '张伟');
    const zhang = await signedFingerprint(dir, '张伟', auditId);
    const dmitri = await signedFingerprint(dir, 'Дмитрий Иванов', auditId);
    const li = await signedFingerprint(dir, '李娜', auditId);
    expect(new Set([zhang, dmitri, li]).size).toBe(3);
    expect(await signedFingerprint(dir, '张伟', auditId)).toBe(zhang);
    // pdfsig, a reader outside the app, reads the name too.
    const out = path.join(tempDir(), 'z.pdf');
    await cli('--data-dir', dir, '--actor', '张伟', 'report', '--audit', auditId, '--out', out, '--sign');
    const pdfsig = execFileSync('pdfsig', [out], { encoding: 'utf8' });
    expect(pdfsig).toContain('Signature is Valid.');
    expect(pdfsig).toContain('张伟');
  });

  it('lets a recipient with no data folder check a report with the fingerprint its signer gave them, as the report itself says', async () => {
    const dir = tempDir();
    const auditId = await auditWithEvidence(dir, 'Ada Auditor');
    const evidence = path.join(tempDir(), 'deploy.log');
    fs.writeFileSync(evidence, '22:01 deploy');
    expect((await cli('--data-dir', dir, '--actor', 'Ada Auditor', 'evidence', 'add', '--audit', auditId, evidence)).code).toBe(0);
    const api = async (method: string, input: unknown) => JSON.parse((await cli('--data-dir', dir, '--actor', 'Ada Auditor', 'api', method, JSON.stringify(input))).out) as { id: string };
    const finding = await api('findings.create', { auditId, title: 'No RFC', severity: 'major' });
    const [stored] = (JSON.parse((await cli('--data-dir', dir, 'api', 'evidence.list', JSON.stringify({ auditId }))).out) as { rows: Array<{ id: string }> }).rows;
    await api('evidence.link', { evidenceId: stored?.id, targetType: 'finding', targetId: finding.id });
    const out = path.join(tempDir(), 'for-the-regulator.pdf');
    const made = await cli('--data-dir', dir, '--actor', 'Ada Auditor', 'report', '--audit', auditId, '--out', out, '--sign');
    expect(made.code, made.err).toBe(0);
    const fingerprint = /certificate SHA-256 ([0-9A-F:]{95})/.exec(made.out)?.[1] as string;
    expect(fingerprint).toBeDefined();

    // The sign-off page names the command; run it exactly as printed, where there is no data folder.
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const printed = /release-audit (verify-report FILE --expect-signer [0-9a-f]{64})/.exec(text)?.[1];
    expect(printed).toBeDefined();
    const argv = (printed as string).split(' ').map((word) => (word === 'FILE' ? out : word));
    const nowhere = path.join(tempDir(), 'no-data-here');
    const checked = await cli('--data-dir', nowhere, ...argv);
    expect(checked.code, checked.out).toBe(0);
    expect(checked.out).toMatch(/holds: signature valid, signed with the certificate you expected/);
    expect(checked.out).toMatch(/1 evidence hash\(es\) it cites were not checked: there is no Release Audit data folder here/);
    expect(fs.existsSync(nowhere)).toBe(false);
    // The fingerprint as shown on screens (pairs with colons) works too; another one does not.
    expect((await cli('--data-dir', nowhere, 'verify-report', out, '--expect-signer', fingerprint)).code).toBe(0);
    expect((await cli('--data-dir', nowhere, 'verify-report', out, '--expect-signer', 'ab'.repeat(32))).code).toBe(1);
    expect((await cli('--data-dir', nowhere, 'verify-report', out, '--expect-signer', 'not-a-fingerprint')).code).toBe(2);
  });

  it('refuses --out naming a folder before issuing anything', async () => {
    const dir = tempDir();
    const auditId = await auditWithEvidence(dir, 'Ada Auditor');
    const folder = tempDir();
    const refused = await cli('--data-dir', dir, '--actor', 'Ada Auditor', 'report', '--audit', auditId, '--out', folder, '--sign');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/is a folder: give a file name/);
    const listed = JSON.parse((await cli('--data-dir', dir, 'api', 'reports.list', JSON.stringify({ auditId }))).out) as unknown[];
    expect(listed).toEqual([]);
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});
