import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubPaths } from '../../shared/api/hub';
import { createAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { transact, type Core } from '../services';
import { derivedId, utcNow } from '../ids';
import { laptop } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { nextEntry, readParts, writeParts } from '../sync/craft';
import { newId } from '../ids';
import fs from 'node:fs';
import path from 'node:path';
import { endpointOf, enrol, startTestHub, type TestHub } from '../../tests/helpers/hub';
import { accessLog, asLaptop, bundleOf, hubCounts, pull, push } from '../../tests/helpers/hub-wire';
import { syncWithHub, type HubEndpoint } from './client';
import { revokeAuditor, setMember } from './members';

// Who may do what on the hub, over its real HTTPS API: every refusal is a 403 in words, leaves
// PostgreSQL and the working copy as they were, and is in the access log.

let test: TestHub;
let endpoint: HubEndpoint;
const people: Record<string, Core> = {};
const keys: Record<string, string> = {};
let auditA: string;
let auditB: string;

// Each test has its own hub and laptops (the test helpers close data folders after each test).
beforeEach(async () => {
  test = await startTestHub();
  endpoint = await endpointOf(test.server.url);
  for (const name of ['Lead', 'Stranger', 'Revoked', 'Outsider', 'Viewer', 'Reviewer', 'Leaver']) people[name] = laptop(name);
  for (const name of ['Lead', 'Revoked', 'Outsider', 'Viewer', 'Reviewer', 'Leaver']) keys[name] = await enrol(test.hub, people[name] as Core, { mayOpenAudits: name === 'Lead' });
  const lead = people.Lead as Core;
  auditA = createAudit(lead, { name: 'A: payments', description: '' }).id;
  auditB = createAudit(lead, { name: 'B: identity', description: '' }).id;
  createFinding(lead, { auditId: auditA, title: 'Rollback untested' });
  expect((await syncWithHub(lead, endpoint)).audits.map((a) => a.auditId).sort()).toEqual([auditA, auditB].sort());
  const set = (name: string, auditId: string, role: 'auditor' | 'viewer' | 'reviewer') => setMember(test.hub, { auditId, fingerprint: keys[name] as string, name, role, by: 'admin' });
  await set('Revoked', auditA, 'auditor');
  await set('Viewer', auditA, 'viewer');
  await set('Reviewer', auditA, 'reviewer');
  await set('Leaver', auditA, 'auditor');
  await set('Leaver', auditB, 'auditor');
  for (const name of ['Revoked', 'Viewer', 'Reviewer', 'Leaver']) await syncWithHub(people[name] as Core, endpoint);
});
afterEach(async () => {
  await test.close();
});

/** Runs a refused request and checks it left no trace but its line in the access log. */
async function refused(request: () => Promise<{ status: number; body: { error?: { code: string; message: string } } | null }>, words: RegExp, status = 403): Promise<void> {
  const before = await hubCounts(test.hub);
  const logged = (await accessLog(test.hub)).length;
  const answer = await request();
  expect(answer.status).toBe(status);
  expect(answer.body?.error?.message).toMatch(words);
  expect(await hubCounts(test.hub)).toEqual(before);
  const log = await accessLog(test.hub);
  expect(log.length).toBe(logged + 1);
  expect(log.at(-1)).toMatchObject({ status, outcome: 'refused', detail: answer.body?.error?.message });
}

describe('who may use the hub', () => {
  it('refuses a key it does not know, writing nothing', async () => {
    const stranger = people.Stranger as Core;
    const own = createAudit(stranger, { name: 'Stranger audit', description: '' });
    await refused(async () => push(test.server.url, stranger, own.id, await bundleOf(stranger, own.id)), /does not know the key/);
    await refused(() => pull(test.server.url, stranger, auditA), /does not know the key/);
    await refused(() => asLaptop(test.server.url, stranger, 'GET', hubPaths.audits), /does not know the key/);
    await expect(syncWithHub(stranger, endpoint)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses a revoked auditor both ways', async () => {
    const revoked = people.Revoked as Core;
    createFinding(revoked, { auditId: auditA, title: 'Written before the key was revoked' });
    await revokeAuditor(test.hub, keys.Revoked as string);
    await refused(async () => push(test.server.url, revoked, auditA, await bundleOf(revoked, auditA)), /was revoked/);
    await refused(() => pull(test.server.url, revoked, auditA), /was revoked/);
  });

  it('refuses an auditor not on the audit: no push, no pull, no heads, no members', async () => {
    const outsider = people.Outsider as Core;
    // The outsider got the audit by hand (a file bundle) and tries to send work to it through the hub.
    const lead = people.Lead as Core;
    const { exchange } = await import('../../tests/helpers/laptops');
    await exchange(lead, outsider, auditA);
    createFinding(outsider, { auditId: auditA, title: 'From someone not on the audit' });
    await refused(async () => push(test.server.url, outsider, auditA, await bundleOf(outsider, auditA)), /is not on the audit/);
    await refused(() => pull(test.server.url, outsider, auditA), /is not on the audit/);
    await refused(() => asLaptop(test.server.url, outsider, 'GET', `${hubPaths.heads}?audit=${auditA}`), /is not on the audit/);
    await refused(() => asLaptop(test.server.url, outsider, 'GET', `${hubPaths.members}?audit=${auditA}`), /is not on the audit/);
    expect((await asLaptop(test.server.url, outsider, 'GET', hubPaths.audits)).body?.value).toEqual([]);
  });

  it('lets a viewer read but not send', async () => {
    const viewer = people.Viewer as Core;
    createFinding(viewer, { auditId: auditA, title: 'A viewer writes something' });
    await refused(async () => push(test.server.url, viewer, auditA, await bundleOf(viewer, auditA)), /viewer of this audit/);
    createFinding(people.Lead as Core, { auditId: auditA, title: 'New from the lead' });
    await syncWithHub(people.Lead as Core, endpoint);
    const sync = await syncWithHub(viewer, endpoint);
    expect(sync.audits).toEqual([expect.objectContaining({ auditId: auditA, role: 'viewer', pushed: null, pulled: expect.objectContaining({ newEntries: expect.any(Number) }) })]);
    expect(viewer.sqlite.prepare("SELECT count(*) FROM findings WHERE title = 'New from the lead'").pluck().get()).toBe(1);
    // What the viewer wrote stays on the viewer's laptop only.
    expect(test.hub.core.sqlite.prepare("SELECT count(*) FROM findings WHERE title = 'A viewer writes something'").pluck().get()).toBe(0);
  });

  it('shows a reviewer only the audits they are on', async () => {
    const reviewer = people.Reviewer as Core;
    const audits = (await asLaptop(test.server.url, reviewer, 'GET', hubPaths.audits)).body?.value as Array<{ id: string; role: string }>;
    expect(audits.map((a) => [a.id, a.role])).toEqual([[auditA, 'reviewer']]);
    await refused(() => pull(test.server.url, reviewer, auditB), /is not on the audit/);
    await refused(() => asLaptop(test.server.url, reviewer, 'GET', `${hubPaths.heads}?audit=${auditB}`), /is not on the audit/);
    expect(reviewer.sqlite.prepare('SELECT count(*) FROM audits WHERE id = ?').pluck().get(auditB)).toBe(0);
  });

  it('sends a member taken off an audit no new work of it', async () => {
    const leaver = people.Leaver as Core;
    expect(leaver.sqlite.prepare('SELECT count(*) FROM audits WHERE id = ?').pluck().get(auditA)).toBe(1);
    await setMember(test.hub, { auditId: auditA, fingerprint: keys.Leaver as string, name: 'Leaver', role: null, by: 'admin' });
    createFinding(people.Lead as Core, { auditId: auditA, title: 'After the leaver left' });
    await syncWithHub(people.Lead as Core, endpoint);
    const sync = await syncWithHub(leaver, endpoint);
    expect(sync.audits.map((a) => a.auditId)).toEqual([auditB]);
    expect(leaver.sqlite.prepare("SELECT count(*) FROM findings WHERE title = 'After the leaver left'").pluck().get()).toBe(0);
    await refused(() => pull(test.server.url, leaver, auditA), /is not on the audit/);
    createFinding(leaver, { auditId: auditA, title: 'After leaving' });
    await refused(async () => push(test.server.url, leaver, auditA, await bundleOf(leaver, auditA)), /is not on the audit/);
  });

  it('refuses a membership record made on a laptop', async () => {
    const lead = people.Lead as Core;
    // The lead's laptop makes itself and a friend members of audit B: only the hub sets who is on an audit.
    transact(lead, (records) => {
      records.insert('audit_members', { id: derivedId('audit-member', auditB, keys.Outsider as string), auditId: auditB, fingerprint: keys.Outsider as string, name: 'Outsider', role: 'lead', active: true, setBy: 'Lead', setAt: utcNow() });
    });
    const heads = (await asLaptop(test.server.url, lead, 'GET', `${hubPaths.heads}?audit=${auditB}`)).body?.value as Record<string, number>;
    await refused(async () => push(test.server.url, lead, auditB, await bundleOf(lead, auditB, heads)), /only the team hub sets/);
    expect((await asLaptop(test.server.url, people.Outsider as Core, 'GET', hubPaths.audits)).body?.value).toEqual([]);
  });

  it("refuses a bundle for an audit the auditor is on that carries work of one they are not on, or a new audit", async () => {
    const reviewer = people.Reviewer as Core;
    const heads = (await asLaptop(test.server.url, reviewer, 'GET', `${hubPaths.heads}?audit=${auditA}`)).body?.value as Record<string, number>;
    createFinding(reviewer, { auditId: auditA, title: 'Genuine work on A' });
    const dir = tempDir();
    const genuine = path.join(dir, 'genuine.rabundle');
    fs.writeFileSync(genuine, await bundleOf(reviewer, auditA, heads));
    const parts = await readParts(genuine);
    const last = parts.entries.filter((e) => e.deviceId === reviewer.deviceId).at(-1)!;
    const smuggled = [
      // A finding slipped into audit B, which the reviewer is not on.
      nextEntry(last, { entity: 'findings', entityId: newId(), op: 'insert', fields: { ...(parts.entries.find((e) => 'entity' in e && e.entity === 'findings') as { fields: Record<string, unknown> }).fields, auditId: auditB, title: 'Smuggled into B' } }),
      // A whole new audit, which the reviewer may not bring.
      nextEntry(last, { entity: 'audits', entityId: newId(), op: 'insert', fields: { ...(JSON.parse(reviewer.sqlite.prepare("SELECT fields FROM ledger WHERE entity = 'audits' AND entity_id = ? AND op = 'insert'").pluck().get(auditA) as string) as Record<string, unknown>), name: 'Smuggled audit' } }),
    ];
    for (const [i, entry] of smuggled.entries()) {
      const file = await writeParts(reviewer, { ...parts, entries: [...parts.entries, entry] }, path.join(dir, `smuggled-${i}.rabundle`));
      await refused(async () => push(test.server.url, reviewer, auditA, fs.readFileSync(file)), /carries (another audit|a finding record of another audit).*its own audit only/);
    }
    expect(test.hub.core.sqlite.prepare("SELECT count(*) FROM findings WHERE title = 'Smuggled into B'").pluck().get()).toBe(0);
  });
});
