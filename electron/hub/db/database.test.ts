import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDatabase } from '../../../tests/helpers/pg';
import { sourceRoot } from '../../paths';
import { hubMigrationsFolder, openHubDatabase } from './database';

// The hub's database on a real PostgreSQL server: made and migrated at start, twice harmlessly, and
// its ledger and access log refuse every change, whoever asks.

const migrationsFolder = hubMigrationsFolder(sourceRoot);

describe('the hub database', () => {
  it('is created and migrated at start, and a second start changes nothing', async () => {
    const url = await freshDatabase();
    const first = await openHubDatabase(url, { migrationsFolder });
    await first.close();
    const second = await openHubDatabase(url, { migrationsFolder });
    const tables = (await second.pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")).rows.map((r: { table_name: string }) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(['hub_entries', 'hub_objects', 'hub_object_chunks', 'hub_archive', 'hub_retention', 'hub_access_log', 'hub_auditors']));
    expect((await second.pool.query('SELECT current_user')).rows[0]).toEqual({ current_user: 'release_audit_hub_writer' });
    await second.close();
  });

  it('refuses to change or remove a ledger entry, for the writer role and for the owner', async () => {
    const url = await freshDatabase();
    const hub = await openHubDatabase(url, { migrationsFolder });
    await hub.pool.query("INSERT INTO hub_entries (device_id, seq, hlc, entity, entity_id, hash, prev_hash, entry) VALUES ('d', 1, 'h', 'audits', 'a', 'x', 'y', '{}')");
    await expect(hub.pool.query('DELETE FROM hub_entries')).rejects.toThrow(/permission denied/);
    await expect(hub.pool.query("UPDATE hub_entries SET hash = 'z'")).rejects.toThrow(/permission denied/);
    await hub.close();
    const owner = new pg.Client({ connectionString: url });
    await owner.connect();
    await expect(owner.query('DELETE FROM hub_entries')).rejects.toThrow(/kept as it was written/);
    await expect(owner.query('TRUNCATE hub_entries CASCADE')).rejects.toThrow(/kept as it was written/);
    await expect(owner.query("UPDATE hub_entries SET hash = 'z'")).rejects.toThrow(/kept as it was written/);
    expect((await owner.query('SELECT count(*)::int AS n FROM hub_entries')).rows[0]).toEqual({ n: 1 });
    await owner.end();
  });

  it('says in words when the database cannot be reached or the string is wrong', async () => {
    await expect(openHubDatabase('mysql://x@127.0.0.1/db', { migrationsFolder })).rejects.toThrow(/must start with postgres:\/\//);
    await expect(openHubDatabase('not a url', { migrationsFolder })).rejects.toThrow(/not a URL/);
    await expect(openHubDatabase('postgres://nobody:secret@127.0.0.1:1/none', { migrationsFolder })).rejects.toThrow(/cannot reach its database at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/);
  });
});
