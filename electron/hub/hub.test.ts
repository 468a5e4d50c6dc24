import { afterAll, describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { laptop, recordsOf } from '../../tests/helpers/laptops';
import { endpointOf, enrol, startTestHub, type TestHub } from '../../tests/helpers/hub';
import { setMember } from './members';
import { syncWithHub } from './client';

// Two laptops and a hub on a real PostgreSQL server, over HTTPS: an audit brought by its lead, a
// second auditor added on the hub, work from each reaching the other.

const tables = ['audits', 'audit_plans', 'findings', 'audit_members'];
const hubs: TestHub[] = [];
afterAll(async () => {
  for (const h of hubs) await h.close();
});

describe('the team hub', () => {
  it('brings two laptops to the same state through push and pull', async () => {
    const test = await startTestHub();
    hubs.push(test);
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    await enrol(test.hub, alice, { mayOpenAudits: true });
    const bobKey = await enrol(test.hub, bob);
    const endpoint = await endpointOf(test.server.url);
    const audit = createAudit(alice, { name: 'Q3 payments release', description: 'through the hub' });
    createFinding(alice, { auditId: audit.id, title: 'Backout plan untested' });

    const first = await syncWithHub(alice, endpoint);
    expect(first.notTaken).toEqual([]);
    expect(first.audits).toEqual([expect.objectContaining({ auditId: audit.id, role: 'lead' })]);
    // Bob is not on it yet: the hub sends him nothing.
    expect((await syncWithHub(bob, endpoint)).audits).toEqual([]);
    expect(bob.sqlite.prepare('SELECT count(*) AS n FROM audits WHERE id = ?').get(audit.id)).toEqual({ n: 0 });

    await setMember(test.hub, { auditId: audit.id, fingerprint: bobKey, name: 'Bob', role: 'auditor', by: 'admin' });
    const bobSync = await syncWithHub(bob, endpoint);
    expect(bobSync.audits).toEqual([expect.objectContaining({ auditId: audit.id, role: 'auditor', pulled: expect.objectContaining({ newEntries: expect.any(Number) }) })]);
    createFinding(bob, { auditId: audit.id, title: 'Change ticket missing approver' });
    await syncWithHub(bob, endpoint);
    await syncWithHub(alice, endpoint);
    expect(recordsOf(bob, tables)).toEqual(recordsOf(alice, tables));
    expect((recordsOf(alice, ['findings']).findings as unknown[]).length).toBe(2);
    const pg = (await test.hub.database.pool.query('SELECT count(*)::int AS n FROM hub_entries')).rows[0] as { n: number };
    expect(pg.n).toBe(test.hub.core.sqlite.prepare('SELECT count(*) AS n FROM ledger').pluck().get());
  });

  it('forgets the nonces of requests whose time is outside the clock window, keeping the recent ones', async () => {
    const test = await startTestHub();
    hubs.push(test);
    const alice = laptop('Alice');
    await enrol(test.hub, alice);
    await test.hub.database.pool.query("INSERT INTO hub_nonces (nonce, signed_at) VALUES ('0123456789abcdef0123456789abcdef', now() - interval '1 hour')");
    await syncWithHub(alice, await endpointOf(test.server.url));
    const left = (await test.hub.database.pool.query('SELECT nonce FROM hub_nonces')).rows as Array<{ nonce: string }>;
    expect(left.length).toBeGreaterThan(0);
    expect(left.map((r) => r.nonce)).not.toContain('0123456789abcdef0123456789abcdef');
  });
});
