import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { methodNames } from '../../shared/api/contract';
import { flipByte, tempDir } from '../../tests/helpers/temp';
import { sourceRoot } from '../paths';
import { runCli } from './main';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('release-audit CLI', () => {
  it('creates and lists audits, as text and as JSON', async () => {
    const dir = tempDir();
    const created = await cli('--data-dir', dir, 'audit', 'create', '--name', 'Payments Q4', '--json');
    expect(created.code).toBe(0);
    const audit = JSON.parse(created.out) as { id: string; name: string };
    expect(audit.name).toBe('Payments Q4');
    const listed = await cli('--data-dir', dir, 'audit', 'list', '--json');
    expect((JSON.parse(listed.out) as Array<{ id: string }>).map((a) => a.id)).toEqual([audit.id]);
    const text = await cli('--data-dir', dir, 'audit', 'list');
    expect(text.out).toContain(`${audit.id}  planning`);
    expect(text.out).toContain('Payments Q4');
  });

  it('says how to begin when there is no data or no audit yet, and never invents a data folder to read', async () => {
    const missing = path.join(tempDir(), 'typo');
    for (const command of [['audit', 'list'], ['verify'], ['template', 'list']]) {
      const result = await cli('--data-dir', missing, ...command);
      expect(result.code, command.join(' ')).toBe(1);
      expect(result.err).toContain(`There is no Release Audit data in ${missing}`);
    }
    expect(fs.existsSync(missing)).toBe(false);
    const dir = tempDir();
    const file = path.join(tempDir(), 't.yaml');
    fs.writeFileSync(file, 'schema: release-audit/checklist-template@1\nname: Only a template\nitems:\n  - {key: a, stage: build, kind: custom, title: T}\n');
    expect((await cli('--data-dir', dir, 'template', 'import', file)).code).toBe(0);
    expect((await cli('--data-dir', dir, 'audit', 'list')).out).toMatch(/No audits yet/);
  });

  it('adds evidence and prints its SHA-256', async () => {
    const dir = tempDir();
    const audit = JSON.parse((await cli('--data-dir', dir, 'audit', 'create', '--name', 'A', '--json')).out) as { id: string };
    const file = path.join(tempDir(), 'approval.txt');
    fs.writeFileSync(file, 'approved');
    const added = await cli('--data-dir', dir, 'evidence', 'add', '--audit', audit.id, file, '--source-system', 'ServiceNow');
    expect(added.code).toBe(0);
    expect(added.out).toBe('2687f86ed6784b8a5fca36e6c468e12aa44dc3c7e8137e3160d1a95079bdcd02');
    const json = await cli('--data-dir', dir, 'evidence', 'add', '--audit', audit.id, file, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ sha256: added.out, alreadyInVault: true, captureMethod: 'cli' });
    // The copy staged before the database opened is taken in, or dropped when the input is refused.
    const refused = await cli('--data-dir', dir, 'evidence', 'add', '--audit', audit.id, file, '--refers-to', 'last tuesday');
    expect(refused.code).toBe(2);
    const unknown = await cli('--data-dir', dir, 'evidence', 'add', '--audit', '01900000-0000-7000-8000-000000000000', file);
    expect(unknown.code).toBe(1);
    expect(fs.readdirSync(path.join(dir, 'vault', 'tmp'))).toEqual([]);
    expect(JSON.parse((await cli('--data-dir', dir, 'api', 'evidence.list', JSON.stringify({ auditId: audit.id }))).out).total).toBe(2);
  });

  it('verify exits 0 when everything holds and 1 naming each problem', async () => {
    const dir = tempDir();
    const audit = JSON.parse((await cli('--data-dir', dir, 'audit', 'create', '--name', 'A', '--json')).out) as { id: string };
    const file = path.join(tempDir(), 'log.txt');
    fs.writeFileSync(file, 'deploy ok');
    const sha = (await cli('--data-dir', dir, 'evidence', 'add', '--audit', audit.id, file)).out;
    const good = await cli('--data-dir', dir, 'verify');
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/Everything holds/);

    flipByte(path.join(dir, 'vault', 'objects', sha.slice(0, 2), sha));
    const raw = new Database(path.join(dir, 'release-audit.db'));
    raw.exec("DROP TRIGGER ledger_no_update; UPDATE ledger SET actor = 'mallory' WHERE seq = 1;");
    raw.close();
    const bad = await cli('--data-dir', dir, 'verify');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`[vault] object ${sha}`);
    expect(bad.out).toMatch(/\[ledger\] device [0-9a-f-]+, entry #1: its contents no longer match its hash/);
    const json = await cli('--data-dir', dir, 'verify', '--json');
    expect(json.code).toBe(1);
    expect((JSON.parse(json.out) as { ok: boolean }).ok).toBe(false);
  });

  it('lists and calls any API method', async () => {
    const dir = tempDir();
    const list = await cli('api', '--list');
    for (const name of methodNames) expect(list.out).toContain(name);
    const created = await cli('--data-dir', dir, 'api', 'audits.create', '{"name":"Via api"}');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({ name: 'Via api' });
    const invalid = await cli('--data-dir', dir, 'api', 'audits.create', '{"name":7}');
    expect(invalid.code).toBe(2);
    expect(invalid.err).toMatch(/name: Audit name must be text/);
    const unknown = await cli('--data-dir', dir, 'api', 'audits.get', '{"id":"01900000-0000-7000-8000-000000000000"}');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/There is no audit with the id/);
  });

  it('api refuses a missing data folder for every method that does not create something from nothing', async () => {
    const missing = path.join(tempDir(), 'typo');
    for (const [method, input] of [
      ['system.verify', '{}'],
      ['audits.list', '{}'],
      ['sync.status', '{}'],
      ['findings.trends', '{}'],
      ['library.controls', '{}'],
    ] as const) {
      const result = await cli('--data-dir', missing, 'api', method, input);
      expect(result.code, method).toBe(1);
      expect(result.err).toContain(`There is no Release Audit data in ${missing}`);
      expect(result.out, method).toBe('');
    }
    expect(fs.existsSync(missing)).toBe(false);
    expect((await cli('--data-dir', missing, 'api', 'audits.create', '{"name":"First"}')).code).toBe(0);
    expect((await cli('--data-dir', missing, 'api', 'system.verify', '{}')).code).toBe(0);
  });

  it('exits 2, writing nothing, when a service refuses the input as well as when the contract does', async () => {
    const dir = tempDir();
    const audit = JSON.parse((await cli('--data-dir', dir, 'api', 'audits.create', '{"name":"A"}')).out) as { id: string };
    const release = JSON.parse((await cli('--data-dir', dir, 'api', 'releases.create', JSON.stringify({ auditId: audit.id, identifier: 'R-1' }))).out) as { id: string };
    const backwards = { releaseId: release.id, steps: [{ title: 'Deploy', plannedStart: '2026-11-20T22:10:00.000Z', plannedEnd: '2026-11-20T22:00:00.000Z' }] };
    const refused = await cli('--data-dir', dir, 'api', 'releases.saveRunbook', JSON.stringify(backwards));
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/planned to end before it starts/);
    const deep = await cli('--data-dir', dir, 'api', 'audits.create', `${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect(deep.code).toBe(2);
    expect(deep.err).toMatch(/nests deeper than 100 levels/);
    const notFound = await cli('--data-dir', dir, 'api', 'releases.get', '{"id":"01900000-0000-7000-8000-000000000000"}');
    expect(notFound.code).toBe(1);
    // An argument's terminal escape codes or text-direction characters never reach the terminal raw.
    const sneaky = await cli('--data-dir', dir, 'audit', 'list', 'x\u001b[2J\u202e');
    expect(sneaky.code).toBe(2);
    expect(sneaky.err).toContain('Unexpected argument: x\\u001b[2J\\u202e');
  });

  it('rejects bad arguments with a usage message and exit code 2, touching no data', async () => {
    const dir = path.join(tempDir(), 'never-created');
    expect((await cli('--data-dir', '', 'audit', 'list')).code).toBe(2);
    const cases = [
      ['frobnicate'],
      ['audit', 'create'],
      ['audit', 'create', '--name'],
      ['audit', 'list', '--colour', 'red'],
      ['audit', 'list', 'extra'],
      ['evidence', 'add', '--audit', 'x'],
      ['api', 'no.such.method'],
      ['api', 'audits.create', '{not json'],
      ['serve', '--port', 'eighty'],
      ['serve', '--port', '0x50'],
      ['audit', 'list', '--name', 'x'],
      ['verify', '--port', '3'],
      ['api', 'audits.get', '{"id":"not-an-id"}'],
      ['audit', 'create', '--name', 'x'.repeat(201)],
      ['--actor', 'x'.repeat(101), 'audit', 'list'],
      ['--actor', 'bad\u202ename', 'audit', 'list'],
      [],
    ];
    for (const argv of cases) {
      const result = await cli('--data-dir', dir, ...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err + result.out, argv.join(' ')).toMatch(/Usage: release-audit/);
    }
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('runs as the package bin, with RELEASE_AUDIT_DATA_DIR', async () => {
    const dir = tempDir();
    const run = promisify(execFile);
    const env = { ...process.env, RELEASE_AUDIT_DATA_DIR: dir };
    const bin = path.join(sourceRoot, 'bin', 'release-audit.js');
    await run(process.execPath, [bin, 'audit', 'create', '--name', 'From the shell'], { env });
    const { stdout } = await run(process.execPath, [bin, 'audit', 'list', '--json'], { env });
    expect(JSON.parse(stdout)).toMatchObject([{ name: 'From the shell' }]);
    const failed = await run(process.execPath, [bin, 'nonsense'], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2 });
  });

  it('verify, run as the bin, names a ledger row edited with the sqlite3 shell and a flipped vault byte', async () => {
    const dir = tempDir();
    const run = promisify(execFile);
    const bin = path.join(sourceRoot, 'bin', 'release-audit.js');
    const ra = (...args: string[]) => run(process.execPath, [bin, '--data-dir', dir, ...args]);
    const audit = JSON.parse((await ra('audit', 'create', '--name', 'Shell test', '--json')).stdout) as { id: string };
    const file = path.join(tempDir(), 'runbook.txt');
    fs.writeFileSync(file, 'step 1: drain traffic');
    const sha = (await ra('evidence', 'add', '--audit', audit.id, file)).stdout.trim();
    await expect(ra('verify')).resolves.toMatchObject({ stdout: expect.stringContaining('Everything holds.') });

    const db = path.join(dir, 'release-audit.db');
    await run('sqlite3', [db, "DROP TRIGGER ledger_no_update; UPDATE ledger SET fields = replace(fields, 'Shell test', 'Edited') WHERE entity = 'audits';"]);
    flipByte(path.join(dir, 'vault', 'objects', sha.slice(0, 2), sha), 0);
    const failed = (await ra('verify').catch((e: unknown) => e)) as { code: number; stdout: string };
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/\[ledger\] device [0-9a-f-]+, entry #\d+: its contents no longer match its hash \(insert of audits/);
    expect(failed.stdout).toContain(`[vault] object ${sha}: its content now hashes to`);
  });

  it('lists the library and templates, and exports and imports a template file', async () => {
    const dir = tempDir();
    await cli('--data-dir', dir, 'audit', 'create', '--name', 'Start');
    const library = await cli('--data-dir', dir, 'library', 'list');
    expect(library.code).toBe(0);
    expect(library.out).toMatch(/Control library release-audit-standard v1\.0\.0: \d+ controls/);
    expect(library.out).toContain('RA-RFC-01');
    const json = JSON.parse((await cli('--data-dir', dir, 'library', 'list', '--json')).out) as { controls: unknown[] };
    expect(json.controls.length).toBeGreaterThanOrEqual(60);

    const templates = await cli('--data-dir', dir, 'template', 'list');
    expect(templates.out).toMatch(/Release audit — standard {2}v1 \(\d+ items/);
    const [standard] = JSON.parse((await cli('--data-dir', dir, 'template', 'list', '--json')).out) as Array<{ id: string }>;
    const out = path.join(tempDir(), 'standard.yaml');
    expect((await cli('--data-dir', dir, 'template', 'export', standard!.id, '--out', out)).code).toBe(0);
    fs.writeFileSync(out, fs.readFileSync(out, 'utf8').replace('name: Release audit — standard', 'name: Release audit — team'));
    const imported = await cli('--data-dir', dir, 'template', 'import', out, '--reason', 'Team naming');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/Imported "Release audit — team" as v2/);
    expect((await cli('--data-dir', dir, 'template', 'import', out)).err).toMatch(/matches v2 .* already: nothing to import/);

    const broken = path.join(tempDir(), 'broken.json');
    fs.writeFileSync(broken, '{"schema": "release-audit/checklist-template@1", "name": "x", "items": [1]}');
    const refused = await cli('--data-dir', dir, 'template', 'import', broken);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/broken\.json: line 1: field "items\.0"/);
    expect((await cli('--data-dir', dir, 'template', 'export', standard!.id, '--out', 'x.txt')).code).toBe(2);
    expect((await cli('--data-dir', dir, 'template', 'import')).code).toBe(2);
  });

  it('writes a signed report and verifies it; a changed byte fails verification', async () => {
    const dir = tempDir();
    const audit = JSON.parse((await cli('--data-dir', dir, '--actor', 'Ada Auditor', 'audit', 'create', '--name', 'Reported', '--json')).out) as { id: string };
    const out = path.join(tempDir(), 'report.pdf');
    // An external edition waits for a compliance or legal reviewer's approval: refused in words, nothing written.
    const unapproved = await cli('--data-dir', dir, '--actor', 'Ada Auditor', 'report', '--audit', audit.id, '--out', out, '--sign', '--distribution', 'external');
    expect(unapproved.code).toBe(1);
    expect(unapproved.err).toMatch(/cannot be issued until a named compliance or legal reviewer has approved it/);
    expect(fs.existsSync(out)).toBe(false);
    const approval = { auditId: audit.id, reviewer: 'Cleo Compliance', role: 'compliance', comment: 'Fit for the regulator.' };
    expect((await cli('--data-dir', dir, '--actor', 'Ada Auditor', 'api', 'reports.approve', JSON.stringify(approval))).code).toBe(0);
    const made = await cli('--data-dir', dir, '--actor', 'Ada Auditor', 'report', '--audit', audit.id, '--out', out, '--sign', '--distribution', 'external');
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/Wrote .*report\.pdf \(report RA-\d{8}-[0-9A-F]{6}, signed, kept until \d{4}-\d\d-\d\d\)/);
    expect(made.err).toContain('100% Done');
    const verified = await cli('--data-dir', dir, 'verify-report', out);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/Signature: valid, signed by Ada Auditor/);
    expect(verified.out).toContain('Issued from this data folder');
    // Someone else's "Ada Auditor" certificate is not Ada's: a report signed elsewhere does not hold here.
    const elsewhere = tempDir();
    const other = JSON.parse((await cli('--data-dir', elsewhere, '--actor', 'Ada Auditor', 'audit', 'create', '--name', 'Forged', '--json')).out) as { id: string };
    const forged = path.join(tempDir(), 'forged.pdf');
    await cli('--data-dir', elsewhere, '--actor', 'Ada Auditor', 'report', '--audit', other.id, '--out', forged, '--sign');
    const refused = await cli('--data-dir', dir, 'verify-report', forged);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/neither issued from this data folder nor received in a bundle/);
    // With no data folder, the signature alone proves nothing about who signed; the expected fingerprint does.
    const fingerprint = /Certificate SHA-256: ([0-9a-f]{64})/.exec(verified.out)?.[1] as string;
    expect((await cli('--data-dir', path.join(tempDir(), 'none'), 'verify-report', out)).code).toBe(1);
    const expected = await cli('--data-dir', path.join(tempDir(), 'none'), 'verify-report', out, '--expect-signer', fingerprint);
    expect(expected.code).toBe(0);
    expect(expected.out).toMatch(/holds: signature valid, signed with the certificate you expected/);
    const bytes = fs.readFileSync(out);
    bytes[200] = (bytes[200] as number) ^ 0xff;
    fs.writeFileSync(out, bytes);
    const broken = await cli('--data-dir', dir, 'verify-report', out);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/NOT VALID|does not hold/);
    expect((await cli('--data-dir', dir, 'report', '--audit', audit.id, '--out', out, '--distribution', 'public')).code).toBe(2);
    expect((await cli('--data-dir', dir, 'verify-report')).code).toBe(2);
  });
});
