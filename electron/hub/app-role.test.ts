import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hubCli, hubTestKit, hubWithArchivedReport } from '../../tests/helpers/hub-archive';
import { freshDatabase } from '../../tests/helpers/pg';
import { listArchive } from './archive';

// A hub run as the README sets it up: the owner migrates the database (release-audit hub migrate),
// the hub itself connects as a login role of the app granted release_audit_hub_writer, and that role
// can archive reports but remove nothing, nor take the protections off.

const { hubs, connect } = hubTestKit();

const cli = hubCli;

describe('a hub running as a login role of the app', () => {
  it('works once the owner migrated, and can remove nothing under retention', async () => {
    const ownerUrl = await freshDatabase();
    const migrated = await cli('hub', 'migrate', '--database-url', ownerUrl);
    expect(migrated.err).toBe('');
    expect(migrated.out).toMatch(/is up to date\./);
    expect(migrated.code).toBe(0);
    const owner = await connect(ownerUrl);
    const login = `hub_app_${randomBytes(4).toString('hex')}`;
    await owner.query(`CREATE ROLE ${login} LOGIN PASSWORD 'app-secret'`);
    await owner.query(`GRANT CONNECT ON DATABASE "${new URL(ownerUrl).pathname.slice(1)}" TO ${login}`);
    await owner.query(`GRANT release_audit_hub_writer TO ${login}`);
    const appUrl = new URL(ownerUrl);
    appUrl.username = login;
    appUrl.password = 'app-secret';

    const { test, audit } = await hubWithArchivedReport(hubs, { databaseUrl: appUrl.toString() });
    expect(await listArchive(test.hub, audit.id)).toHaveLength(1);
    expect((await test.hub.database.pool.query('SELECT current_user, session_user')).rows[0]).toEqual({ current_user: 'release_audit_hub_writer', session_user: login });
    const app = await connect(appUrl.toString());
    for (const sql of ['DELETE FROM hub_archive', 'DELETE FROM hub_retention', 'DELETE FROM hub_objects', 'DELETE FROM hub_object_chunks', 'DELETE FROM hub_entries', 'TRUNCATE hub_access_log']) {
      await expect(app.query(sql), sql).rejects.toThrow(/permission denied/);
    }
    for (const table of ['hub_archive', 'hub_retention', 'hub_objects']) await expect(app.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`)).rejects.toThrow(/must be (the )?owner/);
    await expect(app.query('DROP TABLE hub_archive CASCADE')).rejects.toThrow(/must be (the )?owner/);
  });
});
