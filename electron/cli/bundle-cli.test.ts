import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';

// Two data folders exchanging bundles entirely from the command line, as a pipeline would.

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('release-audit bundle', () => {
  it('exports, refuses an untrusted signer until --trust, imports, and reports peers and conflicts', async () => {
    const alice = ['--data-dir', tempDir(), '--actor', 'Alice'];
    const bob = ['--data-dir', tempDir(), '--actor', 'Bob'];
    const audit = JSON.parse((await cli(...alice, 'audit', 'create', '--name', 'CLI sync', '--json')).out) as { id: string };
    const finding = JSON.parse((await cli(...alice, 'api', 'findings.create', JSON.stringify({ auditId: audit.id, title: 'Original' }))).out) as { id: string };
    const dir = tempDir();
    const file = path.join(dir, 'a.rabundle');
    const exported = await cli(...alice, 'bundle', 'export', '--audit', audit.id, '--out', file);
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/Wrote .*a\.rabundle .* the whole audit/);
    expect(exported.err).toMatch(/100% /);

    // A laptop with no data yet sees who signed, and nothing is created.
    const fresh = path.join(tempDir(), 'not-yet');
    const before = await cli('--data-dir', fresh, 'bundle', 'inspect', file);
    expect(before.out).toMatch(/Key fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2} \(unknown\)/);
    expect(fs.existsSync(fresh)).toBe(false);
    const inspected = await cli(...bob, 'bundle', 'inspect', file);
    expect(inspected.code).toBe(0);
    const fingerprint = /Key fingerprint: ([0-9A-F:]+) \(unknown\)/.exec(inspected.out)?.[1];
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const refused = await cli(...bob, 'bundle', 'import', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(fingerprint);
    const wrongTrust = await cli(...bob, 'bundle', 'import', file, '--trust', 'not-a-fingerprint');
    expect(wrongTrust.code).toBe(2);
    const imported = await cli(...bob, 'bundle', 'import', file, '--trust', fingerprint as string);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/Imported \d+ new entries and 0 evidence files of "CLI sync" from Alice/);
    expect((await cli(...bob, 'bundle', 'import', file)).out).toMatch(/already imported/);

    // Concurrent edits, then a delta each way.
    await cli(...alice, 'api', 'findings.update', JSON.stringify({ id: finding.id, title: 'Alice title' }));
    await cli(...bob, 'api', 'findings.update', JSON.stringify({ id: finding.id, title: 'Bob title' }));
    const back = path.join(dir, 'b.rabundle');
    expect((await cli(...bob, 'bundle', 'export', '--audit', audit.id, '--out', back, '--for', 'Carol')).code).toBe(1); // no bundle ever came from Carol
    expect((await cli(...bob, 'bundle', 'export', '--audit', audit.id, '--out', back, '--for', 'Alice')).out).toMatch(/: 1 entry, .*what Alice has not seen/);
    const bobFingerprint = /Key fingerprint: ([0-9A-F:]+)/.exec((await cli(...alice, 'bundle', 'inspect', back)).out)?.[1] as string;
    const merged = await cli(...alice, 'bundle', 'import', back, '--trust', bobFingerprint);
    expect(merged.out).toMatch(/1 conflict\(s\) wait for a decision/);
    const delta = path.join(dir, 'c.rabundle');
    const forBob = await cli(...alice, 'bundle', 'export', '--audit', audit.id, '--out', delta, '--for', 'Bob');
    expect(forBob.out).toMatch(/what Bob has not seen/);
    expect((await cli(...bob, 'bundle', 'import', delta)).code).toBe(0);

    const conflicts = JSON.parse((await cli(...bob, 'bundle', 'conflicts', '--json')).out) as Array<{ id: string; current: { value: string }; other: { value: string } }>;
    expect(conflicts).toHaveLength(1);
    expect([conflicts[0]!.current.value, conflicts[0]!.other.value].sort()).toEqual(['Alice title', 'Bob title']);
    expect((await cli(...bob, 'bundle', 'resolve', conflicts[0]!.id, 'swap')).code).toBe(0);
    expect((await cli(...bob, 'bundle', 'resolve', conflicts[0]!.id, 'maybe')).code).toBe(2);
    expect((await cli(...bob, 'bundle', 'conflicts', '--audit', '01a2175c-3cc5-7617-82a2-216f1f29f93e')).code).toBe(1);
    expect((await cli(...bob, 'bundle', 'export', '--audit', audit.id, '--out', back, '--for', ' ')).code).toBe(2);
    const status = await cli(...alice, 'bundle', 'status');
    expect(status.out).toMatch(/Bob \(device .*, key trusted\)/);
    expect(status.out).toMatch(/CLI sync: has this laptop's record up to #\d+ of #\d+/);

    const revoke = await cli(...alice, 'bundle', 'revoke', bobFingerprint);
    expect(revoke.code).toBe(0);
    const again = path.join(dir, 'd.rabundle');
    await cli(...bob, 'bundle', 'export', '--audit', audit.id, '--out', again);
    const afterRevoke = await cli(...alice, 'bundle', 'import', again);
    expect(afterRevoke.code).toBe(1);
    expect(afterRevoke.err).toMatch(/revoked/);
    expect((await cli(...alice, 'bundle', 'trust', bobFingerprint)).code).toBe(0);
    expect((await cli(...alice, 'bundle', 'import', again)).code).toBe(0);
    expect((await cli(...alice, 'verify')).code).toBe(0);
    expect((await cli(...bob, 'verify')).code).toBe(0);
  }, 60_000);

  it('rejects bad arguments with exit code 2 and a missing file with 1, writing nothing', async () => {
    const dir = tempDir();
    expect((await cli('--data-dir', dir, 'bundle', 'export', '--out', path.join(dir, 'x'))).code).toBe(2);
    expect((await cli('--data-dir', dir, 'bundle', 'import')).code).toBe(2);
    expect((await cli('--data-dir', dir, 'bundle', 'import', 'a', 'b')).code).toBe(2);
    expect((await cli('--data-dir', dir, 'bundle', 'import', path.join(dir, 'nope.rabundle'))).code).toBe(1);
    expect((await cli('--data-dir', dir, 'bundle', 'export', '--audit', 'x', '--out', 'y', '--bogus')).code).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
