import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestHub } from '../../tests/helpers/hub';
import { addTextEvidence, callApi, hubTestKit, hubWithArchivedReport } from '../../tests/helpers/hub-archive';
import { listArchive, retentionEnd } from './archive';
import { syncWithHub } from './client';

// The central archive on a real PostgreSQL server: a report issued on a laptop and pushed is archived
// with its evidence, and nobody (the hub's writer role, a login role of the app, the owner) can remove
// or change it before its retention date; after the date it may go. Removal on a laptop removes nothing on the hub.

const { hubs, connect } = hubTestKit();
afterEach(() => vi.useRealTimers());


const archived = () => hubWithArchivedReport(hubs);

const retention = async (test: TestHub) =>
  (await test.hub.database.pool.query('SELECT sha256, report_id, reason, retain_until FROM hub_retention ORDER BY reason, sha256')).rows as Array<{ sha256: string; report_id: string; reason: string; retain_until: Date }>;

describe('the central archive on the hub', () => {
  it('archives a pushed report with its evidence, kept until the report’s date; later evidence is kept too', async () => {
    const { test, alice, endpoint, audit, evidence, report } = await archived();
    const sha = alice.sqlite.prepare('SELECT sha256 FROM reports WHERE id = ?').pluck().get(report.id) as string;
    const until = retentionEnd(report.retainUntil);
    expect(await listArchive(test.hub, audit.id)).toEqual([expect.objectContaining({ reportId: report.id, auditId: audit.id, sha256: sha, kind: 'summary', retainUntil: until.toISOString() })]);
    expect(await retention(test)).toEqual([
      { sha256: evidence.sha256, report_id: report.id, reason: 'evidence', retain_until: until },
      { sha256: sha, report_id: report.id, reason: 'report', retain_until: until },
    ]);
    const objects = (await test.hub.database.pool.query('SELECT sha256 FROM hub_objects WHERE sha256 = ANY($1)', [[sha, evidence.sha256]])).rows;
    expect(objects).toHaveLength(2);

    const later = await addTextEvidence(alice, audit.id, 'Rollback confirmed by the on-call engineer');
    await syncWithHub(alice, endpoint);
    expect((await retention(test)).filter((r) => r.sha256 === later.sha256)).toEqual([{ sha256: later.sha256, report_id: report.id, reason: 'evidence', retain_until: until }]);
    // A push with nothing new archives nothing twice.
    await syncWithHub(alice, endpoint);
    expect(await retention(test)).toHaveLength(3);
    expect(await listArchive(test.hub)).toHaveLength(1);
  });

  it('refuses to remove or change what is under retention: the writer role, a login role of the app, the owner', async () => {
    const { test, report } = await archived();
    const statements = [
      'DELETE FROM hub_archive',
      'DELETE FROM hub_retention',
      'DELETE FROM hub_object_chunks',
      'DELETE FROM hub_objects',
      "UPDATE hub_archive SET retain_until = now() - interval '1 day'",
      "UPDATE hub_retention SET retain_until = now() - interval '1 day'",
      "UPDATE hub_object_chunks SET data = '\\x00'",
      'UPDATE hub_objects SET size = 0',
      'TRUNCATE hub_archive, hub_retention, hub_object_chunks, hub_objects CASCADE',
    ];
    // (a) the role the hub itself works as has no such right at all.
    for (const sql of statements) await expect(test.hub.database.pool.query(sql), sql).rejects.toThrow(/permission denied/);
    // (b) a database user made for the app, granted the hub's writer role.
    const owner = await connect(test.databaseUrl);
    const login = `app_${randomBytes(4).toString('hex')}`;
    await owner.query(`CREATE ROLE ${login} LOGIN PASSWORD 'app-secret'`);
    await owner.query(`GRANT release_audit_hub_writer TO ${login}`);
    const appUrl = new URL(test.databaseUrl);
    appUrl.username = login;
    appUrl.password = 'app-secret';
    const app = await connect(appUrl.toString());
    expect((await app.query('SELECT count(*)::int AS n FROM hub_archive')).rows[0]).toEqual({ n: 1 });
    for (const sql of statements) await expect(app.query(sql), sql).rejects.toThrow(/permission denied/);
    await expect(app.query('ALTER TABLE hub_archive DISABLE TRIGGER ALL')).rejects.toThrow(/must be (the )?owner/);
    // (c) the owner (here a superuser): the triggers refuse it.
    await expect(owner.query('DELETE FROM hub_archive')).rejects.toThrow(new RegExp(`kept under retention until ${retentionEnd(report.retainUntil).getUTCFullYear()}`));
    await expect(owner.query('DELETE FROM hub_retention')).rejects.toThrow(/kept under retention until/);
    await expect(owner.query('DELETE FROM hub_object_chunks')).rejects.toThrow(/object [0-9a-f]{64} is kept under retention/);
    await expect(owner.query('DELETE FROM hub_objects')).rejects.toThrow(/is kept under retention/);
    for (const sql of statements.filter((s) => s.startsWith('UPDATE') || s.startsWith('TRUNCATE'))) await expect(owner.query(sql), sql).rejects.toThrow(/kept as it was written/);
    const counts = (await owner.query('SELECT (SELECT count(*) FROM hub_archive)::int AS archive, (SELECT count(*) FROM hub_retention)::int AS retention')).rows[0];
    expect(counts).toEqual({ archive: 1, retention: 2 });
  });

  it('lets the owner remove an archived report and its objects once the retention date has passed', async () => {
    const { test } = await archived();
    const owner = await connect(test.databaseUrl);
    const sha = 'e'.repeat(64);
    await owner.query('INSERT INTO hub_objects (sha256, size) VALUES ($1, 1)', [sha]);
    await owner.query("INSERT INTO hub_object_chunks (sha256, n, data) VALUES ($1, 0, '\\x41')", [sha]);
    await owner.query("INSERT INTO hub_archive (report_id, audit_id, sha256, kind, retain_until) VALUES ('old-report', 'old-audit', $1, 'summary', now() - interval '1 day')", [sha]);
    await owner.query("INSERT INTO hub_retention (sha256, report_id, audit_id, reason, retain_until) VALUES ($1, 'old-report', 'old-audit', 'report', now() - interval '1 day')", [sha]);
    // Even past its date the hub's writer role removes nothing: only the owner, by hand.
    await expect(test.hub.database.pool.query("DELETE FROM hub_retention WHERE report_id = 'old-report'")).rejects.toThrow(/permission denied/);
    expect((await owner.query("DELETE FROM hub_retention WHERE report_id = 'old-report'")).rowCount).toBe(1);
    expect((await owner.query("DELETE FROM hub_archive WHERE report_id = 'old-report'")).rowCount).toBe(1);
    expect((await owner.query('DELETE FROM hub_object_chunks WHERE sha256 = $1', [sha])).rowCount).toBe(1);
    expect((await owner.query('DELETE FROM hub_objects WHERE sha256 = $1', [sha])).rowCount).toBe(1);
  });

  it('keeps the archived report when a laptop removes it after its date', async () => {
    const { test, alice, endpoint, report } = await archived();
    const before = await listArchive(test.hub);
    const chunks = async () => (await test.hub.database.pool.query('SELECT count(*)::int AS n FROM hub_object_chunks')).rows[0] as { n: number };
    const chunksBefore = await chunks();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(retentionEnd(report.retainUntil).getTime() + 3_600_000);
    await callApi(alice, 'reports.remove', { id: report.id, reason: 'Retention period over' });
    vi.useRealTimers();
    const sync = await syncWithHub(alice, endpoint);
    expect(sync.audits[0]?.pushed).toEqual(expect.objectContaining({ newEntries: expect.any(Number) }));
    expect(test.hub.core.sqlite.prepare('SELECT count(*) AS n FROM report_removals WHERE report_id = ?').get(report.id)).toEqual({ n: 1 });
    expect(await listArchive(test.hub)).toEqual(before);
    expect(await retention(test)).toHaveLength(2);
    expect(await chunks()).toEqual(chunksBefore);
  });
});
