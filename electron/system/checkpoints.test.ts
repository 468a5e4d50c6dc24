import { describe, expect, it } from 'vitest';
import { createAudit, finaliseAudit } from '../audits/service';
import { checkpointSignatureProblem, listCheckpoints, sealHead, storeCheckpoint } from '../ledger/checkpoints';
import { keyAndCertificate, loadIdentity } from '../reports/identity';
import { issueReport } from '../reports/archive';
import { rewriteHistory } from '../../tests/helpers/rewrite';
import { tempDir, testCore } from '../../tests/helpers/temp';
import fs from 'node:fs';
import path from 'node:path';
import { verifyReport } from '../reports/verify';
import { sealLedger } from './seal';
import { verifyAll } from './verify';

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
      sealHead(core.sqlite, core.deviceId, { name: 'test-auditor', privateKeyPem, certificateDer }, 'bundle', core.ledger.nextClock());
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
    await issueReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: false });
    // Once as the report is made (the head it carries), once with its archive entry.
    expect(listCheckpoints(core.sqlite).map((c) => c.reason)).toEqual(['report', 'report']);
    expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('a report carries its signed ledger head, and verify-report sees a rewrite made after it', async () => {
    const core = testCore();
    const first = createAudit(core, { name: 'Q3 releases', description: '' });
    const audit = createAudit(core, { name: 'Q4 releases', description: '' });
    const issued = await issueReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: true });
    const pdf = fs.readFileSync(core.vault.objectPath(issued.sha256));
    const before = await verifyReport(pdf, core);
    expect(before.problems).toEqual([]);
    expect(before.ledgerHead).toMatchObject({ deviceId: core.deviceId, standing: 'held', signer: 'test-auditor', fingerprint: issued.certificateFingerprint });
    const nowhere = await verifyReport(pdf, null, issued.certificateFingerprint);
    expect(nowhere.ok).toBe(true);
    expect(nowhere.ledgerHead?.standing).toBe('not-checked');
    const file = path.join(tempDir(), 'report.pdf');
    fs.writeFileSync(file, pdf);
    core.close();
    rewriteHistory(core.layout.databaseFile, core.deviceId, 1, (fields) => (fields.name = 'Q3, quietly'), `UPDATE audits SET name = 'Q3, quietly' WHERE id = '${first.id}'`);
    const after = await verifyReport(fs.readFileSync(file), testCore({ dataDir: core.layout.root }));
    expect(after.ok).toBe(false);
    expect(after.ledgerHead?.standing).toBe('rewritten');
    expect(after.problems).toEqual([expect.stringMatching(/no longer holds the head this report was made at .* rewritten after the report was issued/)]);
  });
});
