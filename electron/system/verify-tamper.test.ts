import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { addEvidenceFile } from '../evidence/service';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { verifyAll } from './verify';

// What verify did not see before: planted triggers, a changed device id, loosened vault permissions,
// and what crashed writes leave in the vault's temp folder.

function shell(file: string, sql: string): void {
  const raw = new Database(file);
  raw.exec(sql);
  raw.close();
}

async function auditWithEvidence() {
  const core = testCore();
  const audit = createAudit(core, { name: 'Q4 releases', description: '' });
  const file = path.join(tempDir(), 'cab-minutes.txt');
  fs.writeFileSync(file, 'CAB 2026-11-19: RFC-881 approved');
  const evidence = await addEvidenceFile(core, { auditId: audit.id, path: file, refersTo: null, sourceSystem: 'CAB', captureMethod: 'file', note: '' });
  return { core, audit, evidence };
}

describe('verify sees tampering around the records', () => {
  it('names a trigger planted on any table, such as one that undoes revocations', async () => {
    const { core } = await auditWithEvidence();
    shell(
      core.layout.databaseFile,
      "CREATE TRIGGER keep_trusted AFTER UPDATE OF status ON trusted_keys BEGIN UPDATE trusted_keys SET status = 'trusted' WHERE fingerprint = NEW.fingerprint; END;",
    );
    const report = await verifyAll(core);
    expect(report.problems).toEqual([
      { area: 'database', location: 'trigger keep_trusted', message: 'this trigger on table trusted_keys was added outside the app: it can change what the app writes.' },
    ]);
  });

  it('names a key trusted by a direct INSERT, past the signed trust log', async () => {
    const { core } = await auditWithEvidence();
    shell(
      core.layout.databaseFile,
      `INSERT INTO trusted_keys (fingerprint, certificate, subject, status, added_at, added_by) VALUES ('${'ab'.repeat(32)}', 'MIIB', 'CN=Mallory', 'trusted', '2026-12-01T00:00:00.000Z', 'Mallory')`,
    );
    const report = await verifyAll(core);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ area: 'database', message: expect.stringMatching(/trust|log/i) })]);
  });

  it('names a changed device id: the laptop own chain then belongs to no one', async () => {
    const { core } = await auditWithEvidence();
    const before = core.deviceId;
    core.close();
    shell(core.layout.databaseFile, "UPDATE meta SET value = '01900000-0000-7000-8000-000000000000' WHERE key = 'device_id'");
    const report = await verifyAll(testCore({ dataDir: core.layout.root }));
    expect(report.problems).toEqual([
      { area: 'ledger', location: `device ${before}`, message: expect.stringMatching(/neither written on this laptop .* device id was changed/) },
    ]);
  });

  it('names a vault object made writable, and a vault folder opened to others', async () => {
    const { core, evidence } = await auditWithEvidence();
    const object = core.vault.objectPath(evidence.sha256);
    fs.chmodSync(object, 0o666);
    fs.chmodSync(path.dirname(object), 0o777);
    const report = await verifyAll(core);
    expect(report.problems).toEqual([
      { area: 'vault', location: `object ${evidence.sha256}`, message: 'its permissions were changed to let everyone write it: stored objects are read-only.' },
      { area: 'vault', location: `folder objects/${evidence.sha256.slice(0, 2)}`, message: expect.stringMatching(/let everyone add, remove or replace objects/) },
    ]);
  });

  it('sweeps what killed writes left in the vault temp folder at start, and says so', async () => {
    const { core } = await auditWithEvidence();
    const tmp = path.join(core.vault.root, 'tmp');
    // A process that wrote a part file and died: its pid no longer runs.
    const dead = spawn(process.execPath, ['-e', '']);
    const pid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid as number)));
    fs.writeFileSync(path.join(tmp, `${pid}-0d1c.part`), Buffer.alloc(300_000));
    fs.mkdirSync(path.join(tmp, `${pid}-5e6f.bundle`));
    fs.writeFileSync(path.join(tmp, `${pid}-5e6f.bundle`, 'object-0'), Buffer.alloc(1000));
    // An old-style part file from before names carried the pid: swept once it is a day old.
    const old = path.join(tmp, '8d7c6b5a.part');
    fs.writeFileSync(old, 'x');
    fs.utimesSync(old, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 2 * 86_400_000));
    // A write in progress in this very process is left alone.
    const live = core.vault.tempName('.part');
    fs.writeFileSync(live, 'still writing');
    core.close();
    const reopened = testCore({ dataDir: core.layout.root });
    expect(reopened.tempSwept).toEqual({ files: 3, bytes: 301_001 });
    expect(fs.readdirSync(tmp)).toEqual([path.basename(live)]);
    const report = await verifyAll(reopened);
    expect(report.ok).toBe(true);
    expect(report.notices).toEqual(["Removed 3 file(s) (294 KB) that interrupted writes had left in the vault's temp folder."]);
  });
});
