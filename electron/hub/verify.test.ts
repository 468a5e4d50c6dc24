import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { TestHub } from '../../tests/helpers/hub';
import { hubCli, hubTestKit, hubWithArchivedReport } from '../../tests/helpers/hub-archive';
import { laptop } from '../../tests/helpers/laptops';
import { enrol } from '../../tests/helpers/hub';
import { createAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { syncWithHub } from './client';
import { setMember } from './members';
import { verifyHub } from './verify';

// `verify` on the hub, on a real PostgreSQL server: an untouched hub holds; entries, objects, the
// archive and the protections changed by a superuser with the triggers disabled are each named.

const { hubs, connect } = hubTestKit();

const owner = connect;

/** Runs SQL on a table with its protections off, as only a superuser or the owner can, and puts them back. */
async function tamper(client: pg.Client, table: string, sql: string, values: unknown[] = []): Promise<number> {
  await client.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
  try {
    return (await client.query(sql, values)).rowCount ?? 0;
  } finally {
    await client.query(`ALTER TABLE ${table} ENABLE TRIGGER ALL`);
  }
}

const cli = hubCli;

describe('verify on the hub', () => {
  it('holds on an untouched hub and names each entry, object, archive row and protection changed in the database', async () => {
    const { test, evidence, report } = await hubWithArchivedReport(hubs);
    const clean = await verifyHub(test.hub);
    expect(clean.problems).toEqual([]);
    expect(clean.ok).toBe(true);
    expect(clean.checked).toMatchObject({ entries: test.hub.core.sqlite.prepare('SELECT count(*) FROM ledger').pluck().get(), archived: 1, retained: 2 });
    expect(clean.checked.objects).toBeGreaterThanOrEqual(2);

    const db = await owner(test.databaseUrl);
    const [forged, removed] = (await db.query("SELECT device_id, seq::int AS seq FROM hub_entries WHERE device_id <> $1 ORDER BY seq LIMIT 2", [test.hub.core.deviceId])).rows as Array<{ device_id: string; seq: number }>;
    if (!forged || !removed) throw new Error('the laptop pushed fewer than two entries');
    expect(await tamper(db, 'hub_entries', `UPDATE hub_entries SET entry = jsonb_set(entry, '{actor}', '"Mallory"') WHERE device_id = $1 AND seq = $2`, [forged.device_id, forged.seq])).toBe(1);
    expect(await tamper(db, 'hub_entries', 'DELETE FROM hub_entries WHERE device_id = $1 AND seq = $2', [removed.device_id, removed.seq])).toBe(1);
    expect(await tamper(db, 'hub_object_chunks', "UPDATE hub_object_chunks SET data = 'forged' WHERE sha256 = $1", [evidence.sha256])).toBe(1);
    expect(await tamper(db, 'hub_retention', 'DELETE FROM hub_retention')).toBe(2);
    await db.query('ALTER TABLE hub_archive DISABLE TRIGGER hub_archive_retained');
    await db.query('GRANT DELETE ON hub_access_log TO release_audit_hub_writer');

    const found = await verifyHub(test.hub);
    expect(found.ok).toBe(false);
    expect(found.problems).toEqual(
      expect.arrayContaining([
        { area: 'hub ledger', location: `device ${forged.device_id}, entry #${forged.seq}`, message: expect.stringMatching(/contents do not match its hash/) },
        { area: 'hub ledger', location: `device ${removed.device_id}`, message: expect.stringMatching(/^1 of the working copy's \d+ entries of this device are not in PostgreSQL/) },
        { area: 'hub objects', location: `object ${evidence.sha256}`, message: expect.stringMatching(/pieces hold 6 bytes, not the \d+ it was stored with/) },
        { area: 'hub archive', location: `report ${report.id}`, message: expect.stringMatching(/no retention row keeps its PDF/) },
        { area: 'hub archive', location: `object ${evidence.sha256}`, message: expect.stringMatching(/whose reports are archived, is kept by no retention row/) },
        { area: 'hub database', location: 'trigger hub_archive_retained', message: expect.stringMatching(/is disabled/) },
        { area: 'hub database', location: 'table hub_access_log', message: expect.stringMatching(/granted DELETE on it outside the hub/) },
      ]),
    );
    expect(found.problems).toHaveLength(7);
  });

  it('follows a chain across the entries of audits the hub never received (their stubs in the working copy)', async () => {
    const { test, endpoint, audit } = await hubWithArchivedReport(hubs);
    const bob = laptop('Bob');
    const bobKey = await enrol(test.hub, bob);
    await setMember(test.hub, { auditId: audit.id, fingerprint: bobKey, name: 'Bob', role: 'auditor', by: 'admin' });
    await syncWithHub(bob, endpoint);
    // Bob's own audit stays on his laptop (he may not bring audits to the hub); his work on the shared one goes.
    const own = createAudit(bob, { name: 'Bob\'s private audit', description: '' });
    createFinding(bob, { auditId: audit.id, title: 'Change ticket missing approver' });
    expect((await syncWithHub(bob, endpoint)).notTaken).toEqual([expect.objectContaining({ auditId: own.id })]);
    const bobDevice = bob.deviceId;
    const held = (await test.hub.database.pool.query('SELECT seq::int AS seq FROM hub_entries WHERE device_id = $1 ORDER BY seq', [bobDevice])).rows.map((r: { seq: number }) => r.seq);
    const top = held[held.length - 1] ?? 0;
    expect(held.length).toBeLessThan(top);
    const report = await verifyHub(test.hub);
    expect(report.problems).toEqual([]);
  });

  it('is `release-audit hub verify`: exit 0 when all holds, 1 with each problem in words', async () => {
    const mine: TestHub[] = [];
    const { test, evidence } = await hubWithArchivedReport(mine);
    await test.close();
    const flags = ['--database-url', test.databaseUrl, '--hub-dir', test.hubDir];
    const good = await cli('hub', 'verify', ...flags);
    expect(good.err).toBe('');
    expect(good.out).toMatch(/PostgreSQL: \d+ entries of 2 devices, \d+ objects .*1 archived reports, 2 retention rows\.\nEverything holds\./);
    expect(good.code).toBe(0);
    const archive = await cli('hub', 'archive', '--json', ...flags);
    expect(archive.code, archive.err).toBe(0);
    expect(JSON.parse(archive.out)).toEqual([expect.objectContaining({ kind: 'summary', retainUntil: expect.stringMatching(/T00:00:00\.000Z$/) })]);
    const db = await owner(test.databaseUrl);
    // An object whose bytes were swapped for the same number of other bytes.
    await tamper(db, 'hub_object_chunks', 'UPDATE hub_object_chunks SET data = decode(repeat($2, length(data)), $3) WHERE sha256 = $1', [evidence.sha256, 'x', 'escape']);
    const bad = await cli('hub', 'verify', '--json', ...flags);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, problems: [{ area: 'hub objects', location: `object ${evidence.sha256}`, message: 'its bytes do not match its SHA-256: the object was changed in the database.' }] });
    const words = await cli('hub', 'verify', ...flags);
    expect(words.code).toBe(1);
    expect(words.out).toContain(`1 problem(s):\n  [hub objects] object ${evidence.sha256}: its bytes do not match its SHA-256`);
  });
});
