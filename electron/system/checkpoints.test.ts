import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createAudit, finaliseAudit } from '../audits/service';
import { canonicalJson } from '../ledger/canonical';
import { checkpointSignatureProblem, listCheckpoints, sealHead, storeCheckpoint } from '../ledger/checkpoints';
import { keyAndCertificate, loadIdentity } from '../reports/identity';
import { entryHash, type LedgerRow } from '../ledger/ledger';
import { issueReport } from '../reports/archive';
import { testCore } from '../../tests/helpers/temp';
import { sealLedger } from './seal';
import { verifyAll } from './verify';

// History rewritten by someone with the database file but not the signing key: every later hash and the
// stored head recomputed, every trigger put back exactly as it was.

const selectRows = `SELECT device_id AS deviceId, seq, hlc, actor, entity, entity_id AS entityId, op, fields,
  prev_clocks AS prevClocks, prev_hash AS prevHash, hash FROM ledger WHERE device_id = ? ORDER BY seq`;

function rewriteHistory(file: string, deviceId: string, seq: number, edit: (fields: Record<string, unknown>) => void, alsoRecord: string): void {
  const raw = new Database(file);
  const triggers = raw.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ sql: string }>;
  raw.transaction(() => {
    for (const { sql } of triggers) raw.exec(`DROP TRIGGER ${/CREATE TRIGGER (`[^`]+`)/.exec(sql)?.[1] ?? ''}`);
    raw.exec(alsoRecord);
    let prevHash: string | null = null;
    for (const row of raw.prepare(selectRows).all(deviceId) as LedgerRow[]) {
      const fields = JSON.parse(row.fields) as Record<string, unknown>;
      if (row.seq === seq) edit(fields);
      const entry = { ...row, fields, prevClocks: JSON.parse(row.prevClocks) as Record<string, string | null>, prevHash: prevHash ?? row.prevHash };
      const { hash: _old, ...unsigned } = entry;
      const hash = entryHash(unsigned);
      raw.prepare('UPDATE ledger SET fields = ?, prev_hash = ?, hash = ? WHERE device_id = ? AND seq = ?').run(canonicalJson(fields), entry.prevHash, hash, deviceId, row.seq);
      raw.prepare('UPDATE ledger_heads SET hash = ? WHERE device_id = ? AND seq = ?').run(hash, deviceId, row.seq);
      prevHash = hash;
    }
    for (const { sql } of triggers) raw.exec(sql);
  })();
  raw.close();
}

describe('signed ledger checkpoints', () => {
  it('finalising seals the head with the auditor key, and verify checks it', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4 releases', description: '' });
    finaliseAudit(core, audit.id);
    const [checkpoint] = listCheckpoints(core.sqlite);
    const head = core.sqlite.prepare('SELECT seq, hash FROM ledger_heads WHERE device_id = ?').get(core.deviceId) as { seq: number; hash: string };
    expect(checkpoint).toMatchObject({ deviceId: core.deviceId, seq: head.seq, hash: head.hash, reason: 'finalise', signer: 'test-auditor' });
    expect(checkpointSignatureProblem(checkpoint!)).toBeNull();
    const report = await verifyAll(core);
    expect(report.problems).toEqual([]);
    expect(report.checkpoints).toBe(1);
  });

  it('catches a middle entry rewritten with every later hash and the head recomputed', async () => {
    const core = testCore();
    const first = createAudit(core, { name: 'Q3 releases', description: '' });
    const second = createAudit(core, { name: 'Q4 releases', description: '' });
    finaliseAudit(core, second.id);
    const seq = (core.sqlite.prepare("SELECT seq FROM ledger WHERE entity = 'audits' AND entity_id = ? AND op = 'insert'").get(first.id) as { seq: number }).seq;
    core.close();
    rewriteHistory(core.layout.databaseFile, core.deviceId, seq, (fields) => (fields.name = 'Nothing to see'), `UPDATE audits SET name = 'Nothing to see' WHERE id = '${first.id}'`);
    const reopened = testCore({ dataDir: core.layout.root });
    const report = await verifyAll(reopened);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { area: 'ledger', location: expect.stringMatching(/checkpoint #\d+$/), message: expect.stringMatching(/were rewritten after they were sealed/) },
    ]);
    expect(report.problems[0]?.message).toMatch(/by test-auditor, key [0-9a-f]{4}:/);
  });

  it('catches a checkpoint removed together with the rewrite, by the finalisation it covered', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4 releases', description: '' });
    finaliseAudit(core, audit.id);
    core.close();
    rewriteHistory(core.layout.databaseFile, core.deviceId, 1, (fields) => (fields.name = 'Q4, quietly'), `UPDATE audits SET name = 'Q4, quietly' WHERE id = '${audit.id}'; DELETE FROM ledger_checkpoints;`);
    const report = await verifyAll(testCore({ dataDir: core.layout.root }));
    expect(report.problems).toEqual([
      { area: 'ledger', location: expect.stringMatching(/entry #3$/), message: expect.stringMatching(/finalisation has no valid signed checkpoint/) },
    ]);
  });

  it('refuses a checkpoint re-signed with a key of the attacker, an altered one, and a moved start', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4 releases', description: '' });
    finaliseAudit(core, audit.id);
    const genuine = listCheckpoints(core.sqlite)[0]!;
    // A key made on another laptop, self-signed like the app's: its signature is valid, its signer unknown here.
    const other = testCore();
    createAudit(other, { name: 'Elsewhere', description: '' });
    const foreign = sealLedger(other, 'bundle')!;
    expect(checkpointSignatureProblem({ ...foreign, deviceId: core.deviceId })).toMatch(/altered/);
    const { privateKeyPem, certificateDer } = keyAndCertificate(loadIdentity(other.layout.root, 'test-auditor')!);
    core.sqlite.transaction(() => {
      sealHead(core.sqlite, core.deviceId, { name: 'test-auditor', privateKeyPem, certificateDer }, 'bundle');
      storeCheckpoint(core.sqlite, { ...genuine, seq: genuine.seq, fingerprint: genuine.fingerprint.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) });
    })();
    core.sqlite.prepare("UPDATE meta SET value = '99' WHERE key = 'checkpoints_since'").run();
    const report = await verifyAll(core);
    const messages = report.problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/signed by a key this laptop does not know/),
        expect.stringMatching(/not the one its fingerprint names/),
        expect.stringMatching(/where signed checkpoints began .* was changed outside the app/),
      ]),
    );
  });

  it('issuing a report seals the head too', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4 releases', description: '' });
    await issueReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: false, retentionYears: 7 });
    expect(listCheckpoints(core.sqlite).map((c) => c.reason)).toEqual(['report']);
    expect((await verifyAll(core)).problems).toEqual([]);
  });
});
