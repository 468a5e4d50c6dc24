import { afterAll, describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { enrol, startTestHub, type TestHub } from '../../tests/helpers/hub';
import { laptop } from '../../tests/helpers/laptops';
import { runCli } from './main';

// A laptop's team hub from the command line: connect only after comparing, sync with progress, status.

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const hubs: TestHub[] = [];
afterAll(async () => {
  for (const h of hubs) await h.close().catch(() => {});
});

describe('release-audit hub connect, sync and status', () => {
  it('prints both fingerprints and exits 1 without the flags, connects with them, syncs and reports', async () => {
    const test = await startTestHub();
    hubs.push(test);
    const alice = laptop('Alice');
    await enrol(test.hub, alice, { mayOpenAudits: true });
    const audit = createAudit(alice, { name: 'From the CLI', description: '' });
    const dataDir = alice.layout.root;
    alice.close();
    const at = ['--data-dir', dataDir, '--actor', 'Alice'];

    const look = await cli(...at, 'hub', 'connect', test.server.url);
    expect(look.code).toBe(1);
    expect(look.out).toMatch(/Hub: Test hub at https:\/\/127\.0\.0\.1:\d+/);
    expect(look.out).toMatch(/Signing key fingerprint: +([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(look.out).toMatch(/TLS certificate fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(look.err).toMatch(/Compare both fingerprints/);
    const flags = /--accept-fingerprint ([0-9a-f]{64}) --accept-tls ([0-9a-f]{64})/.exec(look.err);
    if (!flags) throw new Error(look.err);

    const wrong = await cli(...at, 'hub', 'connect', test.server.url, '--accept-fingerprint', 'ab'.repeat(32), '--accept-tls', flags[2] as string);
    expect(wrong).toMatchObject({ code: 1, err: expect.stringMatching(/not the one you accepted .*nothing was stored/) });
    expect((await cli(...at, 'hub', 'status')).out).toMatch(/Not connected to a team hub/);
    const bad = await cli(...at, 'hub', 'connect', test.server.url, '--accept-fingerprint', 'nope', '--accept-tls', flags[2] as string);
    expect(bad).toMatchObject({ code: 2, err: expect.stringMatching(/--accept-fingerprint .*64 hex digits/) });

    const connected = await cli(...at, 'hub', 'connect', test.server.url, '--accept-fingerprint', flags[1] as string, '--accept-tls', flags[2] as string);
    expect(connected).toMatchObject({ code: 0, out: expect.stringMatching(/Connected to the hub Test hub/) });
    const synced = await cli(...at, 'hub', 'sync');
    expect(synced.code).toBe(0);
    expect(synced.err).toMatch(/100% Done/);
    expect(synced.out).toMatch(/From the CLI \(lead\): sent \d+ new entries/);

    const status = await cli(...at, 'hub', 'status', '--audit', audit.id);
    expect(status.out).toMatch(/Hub: Test hub at/);
    expect(status.out).toMatch(/background sync on/);
    expect(status.out).toMatch(/lead +Alice/);
    const json = JSON.parse((await cli(...at, 'hub', 'status', '--json')).out) as { connection: { lastResult: { outcome: string } } };
    expect(json.connection.lastResult.outcome).toBe('synced');

    await test.close();
    const offline = await cli(...at, 'hub', 'sync');
    expect(offline).toMatchObject({ code: 1, err: expect.stringMatching(/offline: The hub at .* cannot be reached.*Work goes on here/) });
  });
});
