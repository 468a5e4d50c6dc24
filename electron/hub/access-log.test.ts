import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { loadIdentity } from '../identity/identity';
import { endpointOf, enrol, startTestHub } from '../../tests/helpers/hub';
import { hubCli, hubTestKit } from '../../tests/helpers/hub-archive';
import { laptop } from '../../tests/helpers/laptops';
import { readAccessLog } from './access-log';
import { syncWithHub } from './client';

// The hub's access log on a real PostgreSQL server and the real HTTPS host: an accepted request and a
// refused one are both logged, read back by `release-audit hub access-log`, and the log cannot be
// changed or emptied, by the hub's writer role nor by the owner.

const { hubs, connect } = hubTestKit();

const cli = hubCli;

describe('the hub access log', () => {
  it('logs accepted and refused requests, reads them back by audit, moment and number, and cannot be changed', async () => {
    const test = await startTestHub();
    hubs.push(test);
    const alice = laptop('Alice');
    const mallory = laptop('Mallory');
    await enrol(test.hub, alice, { mayOpenAudits: true });
    const endpoint = await endpointOf(test.server.url);
    const audit = createAudit(alice, { name: 'Q3 payments release', description: 'logged' });
    const start = new Date(Date.now() - 1000).toISOString();
    await syncWithHub(alice, endpoint);
    await expect(syncWithHub(mallory, endpoint)).rejects.toThrow(/does not know the key/);
    const malloryKey = loadIdentity(mallory.layout.root, mallory.actor)?.fingerprint;

    const all = await readAccessLog(test.hub.database.pool);
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort((a, b) => b - a));
    expect(all).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'Alice', method: 'POST', path: '/v1/push', auditId: audit.id, status: 200, outcome: 'ok' }),
        expect.objectContaining({ fingerprint: malloryKey, status: 403, outcome: 'refused', detail: expect.stringMatching(/does not know the key/) }),
      ]),
    );
    const ofAudit = await readAccessLog(test.hub.database.pool, { auditId: audit.id });
    expect(ofAudit.length).toBeGreaterThan(0);
    expect(ofAudit.every((r) => r.auditId === audit.id)).toBe(true);
    expect(await readAccessLog(test.hub.database.pool, { since: '2999-01-01' })).toEqual([]);
    expect((await readAccessLog(test.hub.database.pool, { since: start })).length).toBe(all.length);
    expect(await readAccessLog(test.hub.database.pool, { limit: 1 })).toEqual([all[0]]);
    await expect(readAccessLog(test.hub.database.pool, { since: 'last week' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/--since must be a date/) });
    await expect(readAccessLog(test.hub.database.pool, { limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION' });

    // The command reads the same log (it needs the database only).
    const json = await cli('hub', 'access-log', '--database-url', test.databaseUrl, '--audit', audit.id, '--json');
    expect(json.code, json.err).toBe(0);
    expect((JSON.parse(json.out) as Array<{ auditId: string }>).map((r) => r.auditId)).toEqual(ofAudit.map((r) => r.auditId));
    const words = await cli('hub', 'access-log', '--database-url', test.databaseUrl, '--limit', '50');
    expect(words.code, words.err).toBe(0);
    expect(words.out).toMatch(/403 refused GET \/v1\/audits {2}Mallory \(key [0-9a-f]{16}…\) from 127\.0\.0\.1: This hub does not know the key/);
    expect(words.out).toMatch(/200 ok {6}POST \/v1\/push \(audit [0-9a-f-]+\) {2}Alice \(key [0-9a-f]{16}…\) from 127\.0\.0\.1/);
    const wrong = await cli('hub', 'access-log', '--database-url', test.databaseUrl, '--since', 'yesterday');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toMatch(/--since must be a date such as 2026-12-01/);

    // Nobody changes or empties it.
    for (const sql of ["UPDATE hub_access_log SET outcome = 'ok'", 'DELETE FROM hub_access_log', 'TRUNCATE hub_access_log']) {
      await expect(test.hub.database.pool.query(sql), sql).rejects.toThrow(/permission denied/);
    }
    const owner = await connect(test.databaseUrl);
    for (const sql of ["UPDATE hub_access_log SET outcome = 'ok'", 'DELETE FROM hub_access_log', 'TRUNCATE hub_access_log']) {
      await expect(owner.query(sql), sql).rejects.toThrow(/kept as it was written/);
    }
    expect((await readAccessLog(test.hub.database.pool, { limit: 10_000 })).length).toBeGreaterThanOrEqual(all.length);
  });
});
