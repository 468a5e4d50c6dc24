import { afterAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../shared/api/errors';
import type { HubProbeResult, HubStatus, HubSyncReport } from '../../shared/api/hub-sync';
import type { JobProgress } from '../../shared/api/jobs';
import { dispatch } from '../api/dispatch';
import { createHandlers, type Handlers } from '../api/handlers';
import { createAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import type { Core } from '../services';
import { enrol, startTestHub, testTls, type TestHub } from '../../tests/helpers/hub';
import { laptop } from '../../tests/helpers/laptops';
import { startBackgroundSync, type BackgroundTick } from './background';
import { openHub } from './hub';
import { setMember } from './members';
import { startHubServer } from './server';
import { selfSignedTls } from './tls';
import { tempDir } from '../../tests/helpers/temp';
import { freshDatabase } from '../../tests/helpers/pg';
import { startHubSync } from './sync-job';

// The laptop's side of the team hub through the API, against a real hub (PostgreSQL, HTTPS): connect
// only to the hub whose fingerprints a person accepted, sync as a job, in the background, and offline.

const hubs: TestHub[] = [];
afterAll(async () => {
  for (const h of hubs) await h.close().catch(() => {});
});

async function answer(handlers: Handlers, method: string, input: unknown): Promise<ApiResult<unknown>> {
  return dispatch(handlers, method, input);
}

async function call<T>(handlers: Handlers, method: string, input: unknown): Promise<T> {
  const result = await answer(handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function settled(handlers: Handlers, jobId: string): Promise<JobProgress> {
  for (;;) {
    const job = await call<JobProgress>(handlers, 'jobs.progress', { jobId });
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function syncNow(handlers: Handlers): Promise<HubSyncReport> {
  const job = await settled(handlers, (await call<{ jobId: string }>(handlers, 'hub.sync', {})).jobId);
  if (job.kind !== 'hub.sync' || job.state !== 'done' || !job.result) throw new Error(`hub.sync ${job.state}: ${job.message}`);
  return job.result;
}

async function connected(core: Core, test: TestHub): Promise<Handlers> {
  const handlers = createHandlers(core);
  const probe = await call<HubProbeResult>(handlers, 'hub.probe', { url: test.server.url });
  await call(handlers, 'hub.connect', { url: test.server.url, fingerprint: probe.fingerprintText, tlsFingerprint: probe.tlsFingerprintText });
  return handlers;
}

const count = (core: Core, sql: string, ...params: unknown[]): number => core.sqlite.prepare(sql).pluck().get(...params) as number;

describe('syncing with a team hub from the app', () => {
  it('shows both fingerprints for a person to compare, and connects only to a hub that still shows them', async () => {
    const test = await startTestHub();
    hubs.push(test);
    const alice = laptop('Alice');
    const handlers = createHandlers(alice);
    const probe = await call<HubProbeResult>(handlers, 'hub.probe', { url: test.server.url });
    expect(probe).toMatchObject({ name: 'Test hub', fingerprint: test.hub.info.fingerprint, hubDeviceId: test.hub.info.hubDeviceId });
    expect(probe.fingerprintText).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(probe.tlsFingerprintText.replace(/:/g, '').toLowerCase()).toBe(probe.tlsFingerprint);

    const other = 'ab'.repeat(32);
    for (const wrong of [
      { fingerprint: other, tlsFingerprint: probe.tlsFingerprint, says: /signing key .* not the one you accepted .*nothing was stored/ },
      { fingerprint: probe.fingerprint, tlsFingerprint: other, says: /TLS certificate .* not the one you accepted .*nothing was stored/ },
    ]) {
      const refused = await answer(handlers, 'hub.connect', { url: test.server.url, fingerprint: wrong.fingerprint, tlsFingerprint: wrong.tlsFingerprint });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INTEGRITY', message: expect.stringMatching(wrong.says) } });
    }
    expect(count(alice, 'SELECT count(*) FROM hub_connection')).toBe(0);
    expect(count(alice, 'SELECT count(*) FROM trusted_keys WHERE fingerprint = ?', probe.fingerprint)).toBe(0);
    expect(await answer(handlers, 'hub.connect', { url: 'http://hub.example.org', fingerprint: probe.fingerprint, tlsFingerprint: probe.tlsFingerprint })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/https:\/\//) },
    });
    expect(await answer(handlers, 'hub.connect', { url: test.server.url, fingerprint: 'not a fingerprint', tlsFingerprint: probe.tlsFingerprint })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/64 hex digits/) },
    });
    expect(await call<HubStatus>(handlers, 'hub.status', {})).toEqual({ connection: null, running: null, members: [] });

    const connection = await call<HubStatus['connection']>(handlers, 'hub.connect', { url: `${test.server.url}/`, fingerprint: probe.fingerprintText, tlsFingerprint: probe.tlsFingerprintText.toLowerCase() });
    expect(connection).toMatchObject({ url: test.server.url, name: 'Test hub', fingerprint: probe.fingerprint, background: true, lastSyncAt: null, lastResult: null, connectedBy: 'Alice' });
    // The hub's key is trusted as a person's decision, written in the trust log.
    expect(alice.sqlite.prepare('SELECT status FROM trusted_keys WHERE fingerprint = ?').pluck().get(probe.fingerprint)).toBe('trusted');
    expect(count(alice, "SELECT count(*) FROM trust_log WHERE kind = 'trust' AND subject = ?", probe.fingerprint)).toBe(1);
    expect(await answer(handlers, 'hub.disconnect', {})).toEqual({ ok: true, value: { disconnected: true } });
    expect(await answer(handlers, 'hub.disconnect', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('syncs two laptops through the hub as jobs, keeps each outcome, and shows the members the hub set', async () => {
    const test = await startTestHub();
    hubs.push(test);
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    await enrol(test.hub, alice, { mayOpenAudits: true });
    const bobKey = await enrol(test.hub, bob);
    const atAlice = await connected(alice, test);
    const atBob = await connected(bob, test);
    const audit = createAudit(alice, { name: 'Q3 payments', description: '' });
    const own = createAudit(bob, { name: 'Bob’s own', description: '' });
    createFinding(alice, { auditId: audit.id, title: 'Backout plan untested' });

    const first = await syncNow(atAlice);
    expect(first).toMatchObject({ outcome: 'synced', message: null, notTaken: [], audits: [{ auditId: audit.id, auditName: 'Q3 payments', role: 'lead', pushed: expect.objectContaining({ newEntries: expect.any(Number) }) }] });
    await setMember(test.hub, { auditId: audit.id, fingerprint: bobKey, name: 'Bob', role: 'reviewer', by: 'admin' });
    const bobs = await syncNow(atBob);
    // Bob may not open audits on this hub: his own stays on his laptop, and the report says why.
    expect(bobs.notTaken).toEqual([{ auditId: own.id, auditName: 'Bob’s own', reason: expect.stringMatching(/.+/) }]);
    expect(bobs.audits).toEqual([expect.objectContaining({ auditId: audit.id, role: 'reviewer', pulled: expect.objectContaining({ newEntries: expect.any(Number) }) })]);
    expect(count(bob, 'SELECT count(*) FROM findings WHERE audit_id = ?', audit.id)).toBe(1);

    const status = await call<HubStatus>(atBob, 'hub.status', { auditId: audit.id });
    expect(status.connection).toMatchObject({ lastSyncAt: bobs.at, lastResult: bobs });
    expect(status.members.map((m) => [m.name, m.role])).toEqual([
      ['Alice', 'lead'],
      ['Bob', 'reviewer'],
    ]);
  });

  it('ends offline, in plain words, when the hub is stopped; nothing made meanwhile is lost and it goes at the next sync', async () => {
    const first = await startTestHub();
    const alice = laptop('Alice');
    await enrol(first.hub, alice, { mayOpenAudits: true });
    const handlers = await connected(alice, first);
    const audit = createAudit(alice, { name: 'Offline week', description: '' });
    expect((await syncNow(handlers)).outcome).toBe('synced');
    const port = first.server.port;
    await first.close();

    createFinding(alice, { auditId: audit.id, title: 'Made on the train' });
    const offline = await syncNow(handlers);
    expect(offline).toMatchObject({ outcome: 'offline', audits: [], message: expect.stringMatching(/cannot be reached.*Work goes on here/) });
    const status = await call<HubStatus>(handlers, 'hub.status', {});
    expect(status.connection?.lastResult).toEqual(offline);
    expect(status.connection?.lastSyncAt).not.toBe(offline.at);
    expect(count(alice, 'SELECT count(*) FROM findings WHERE audit_id = ?', audit.id)).toBe(1);

    // The hub comes back on the same address: the finding made offline reaches it.
    const hub = await openHub({ hubDir: first.hubDir, databaseUrl: first.databaseUrl, name: 'Test hub' });
    const server = await startHubServer(hub, { tls: testTls(), port });
    hubs.push({ ...first, hub, server, close: async () => (await server.close(), await hub.close()) });
    const back = await syncNow(handlers);
    expect(back).toMatchObject({ outcome: 'synced', audits: [expect.objectContaining({ auditId: audit.id, pushed: expect.objectContaining({ newEntries: expect.any(Number) }) })] });
    expect(hub.core.sqlite.prepare('SELECT count(*) FROM findings WHERE title = ?').pluck().get('Made on the train')).toBe(1);
  });

  it('refuses a hub on the same address with another TLS certificate as a possible interception, not as offline', async () => {
    const first = await startTestHub();
    const alice = laptop('Alice');
    await enrol(first.hub, alice, { mayOpenAudits: true });
    const handlers = await connected(alice, first);
    const port = first.server.port;
    await first.close();
    // Something else answers on the hub's address, with a certificate of its own.
    const impostor = await openHub({ hubDir: tempDir(), databaseUrl: await freshDatabase(), name: 'Impostor' });
    const server = await startHubServer(impostor, { tls: selfSignedTls(tempDir()), port });
    hubs.push({ ...first, hub: impostor, server, close: async () => (await server.close(), await impostor.close()) });
    const job = await settled(handlers, (await call<{ jobId: string }>(handlers, 'hub.sync', {})).jobId);
    expect(job).toMatchObject({ state: 'failed', message: expect.stringMatching(/TLS certificate other than the one accepted when connecting.*nothing was sent/) });
    expect((await call<HubStatus>(handlers, 'hub.status', {})).connection?.lastResult).toMatchObject({ outcome: 'failed' });
    const background = startBackgroundSync(alice, { schedule: () => () => {} });
    expect(await background.tick()).toEqual({ outcome: 'refused', message: expect.stringMatching(/TLS certificate other than/) });
    background.stop();
  });

  it('syncs in the background when connected, on and reachable, never two at once, and stops with the host', async () => {
    const test = await startTestHub();
    hubs.push(test);
    const alice = laptop('Alice');
    await enrol(test.hub, alice, { mayOpenAudits: true });
    createAudit(alice, { name: 'Background', description: '' });
    const ticks: BackgroundTick[] = [];
    let timer: (() => void) | null = null;
    let cancelled = false;
    const background = startBackgroundSync(alice, {
      intervalMs: 1234,
      schedule: (tick, ms) => {
        expect(ms).toBe(1234);
        timer = tick;
        return () => (cancelled = true);
      },
      onTick: (tick) => ticks.push(tick),
    });
    // The look at start: not connected yet.
    expect(await background.tick()).toEqual({ outcome: 'not-connected' });
    expect(timer).not.toBeNull();

    const handlers = await connected(alice, test);
    await call(handlers, 'hub.setBackground', { enabled: false });
    expect(await background.tick()).toEqual({ outcome: 'off' });
    await call(handlers, 'hub.setBackground', { enabled: true });

    const started = await background.tick();
    if (started.outcome !== 'started') throw new Error(`expected a sync to start: ${JSON.stringify(started)}`);
    expect((await call<HubStatus>(handlers, 'hub.status', {})).running).toEqual({ jobId: started.jobId, kind: 'hub.sync' });
    expect((await settled(handlers, started.jobId)).state).toBe('done');
    expect((await call<HubStatus>(handlers, 'hub.status', {})).connection?.lastResult?.outcome).toBe('synced');

    // A sync started by hand is running: the background one does not start a second; "Sync now" answers the same job.
    const byHand = startHubSync(alice);
    expect(await background.tick()).toEqual({ outcome: 'busy' });
    expect(await call(handlers, 'hub.sync', {})).toEqual(byHand.handle);
    await settled(handlers, byHand.handle.jobId);

    await test.close();
    expect(await background.tick()).toEqual({ outcome: 'offline', message: expect.stringMatching(/cannot be reached/) });
    background.stop();
    expect(cancelled).toBe(true);
    expect(await background.tick()).toEqual({ outcome: 'stopped' });
    expect(ticks.map((t) => t.outcome)).toEqual(['not-connected', 'off', 'started', 'busy', 'offline', 'stopped']);
  });
});
