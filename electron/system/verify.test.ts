import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { addEvidenceFile } from '../evidence/service';
import { flipByte, tempDir, testCore } from '../../tests/helpers/temp';
import { verifyAll } from './verify';

async function auditWithEvidence() {
  const core = testCore();
  const audit = createAudit(core, { name: 'Q4 releases', description: 'All of them' });
  const file = path.join(tempDir(), 'cab-minutes.txt');
  fs.writeFileSync(file, 'CAB 2026-11-19: RFC-881 approved');
  const evidence = await addEvidenceFile(core, { auditId: audit.id, path: file, refersTo: null, sourceSystem: 'CAB', captureMethod: 'file', note: '' });
  return { core, audit, evidence };
}

function shell(file: string, sql: string): void {
  const raw = new Database(file);
  raw.exec(sql);
  raw.close();
}

describe('verify', () => {
  it('reports everything holds on untouched data', async () => {
    const { core } = await auditWithEvidence();
    const report = await verifyAll(core);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    // The audit, its plan, the evidence and its custody event.
    expect(report.checked).toEqual({ devices: 1, ledgerEntries: 4, records: 4, vaultObjects: 1, evidence: 1 });
    expect(report.ledgerHeads).toEqual([{ deviceId: core.deviceId, seq: 4, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('names the object whose byte was flipped', async () => {
    const { core, evidence } = await auditWithEvidence();
    flipByte(core.vault.objectPath(evidence.sha256), 5);
    const report = await verifyAll(core);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { area: 'vault', location: `object ${evidence.sha256}`, message: expect.stringMatching(/changed after it was stored/) },
    ]);
  });

  it('names a missing vault object', async () => {
    const { core, evidence } = await auditWithEvidence();
    fs.rmSync(core.vault.objectPath(evidence.sha256), { force: true });
    const report = await verifyAll(core);
    expect(report.problems).toEqual([
      { area: 'vault', location: `object ${evidence.sha256}`, message: expect.stringMatching(/missing from the vault/) },
    ]);
  });

  it('names a record changed behind the app, with its table and field', async () => {
    const { core, audit } = await auditWithEvidence();
    shell(core.layout.databaseFile, `UPDATE audits SET name = 'Nothing to see' WHERE id = '${audit.id}'`);
    const report = await verifyAll(core);
    expect(report.problems).toEqual([
      {
        area: 'records',
        location: `table audits, record ${audit.id}, field name`,
        message: 'holds "Nothing to see" but the ledger says "Q4 releases": it was changed outside the app.',
      },
    ]);
  });

  it('names records added or deleted behind the app', async () => {
    const { core, audit } = await auditWithEvidence();
    shell(
      core.layout.databaseFile,
      `PRAGMA foreign_keys = OFF;
       INSERT INTO audits (id, name, created_at, created_by, updated_at) VALUES ('ghost', 'Ghost', 'x', 'x', 'x');
       DELETE FROM audits WHERE id = '${audit.id}';`,
    );
    const report = await verifyAll(core);
    const locations = report.problems.map((p) => p.location);
    expect(locations).toContain('table audits, record ghost');
    expect(locations).toContain(`table audits, record ${audit.id}`);
  });

  it('names an edited ledger entry and the removed append-only protection', async () => {
    const { core } = await auditWithEvidence();
    shell(core.layout.databaseFile, "DROP TRIGGER ledger_no_update; UPDATE ledger SET actor = 'mallory' WHERE seq = 1;");
    const report = await verifyAll(core);
    expect(report.problems.map((p) => `${p.area}: ${p.location}`)).toEqual([
      'database: trigger ledger_no_update',
      `ledger: device ${core.deviceId}, entry #1`,
    ]);
  });

  it('names a trigger rewritten to do nothing', async () => {
    const { core } = await auditWithEvidence();
    shell(core.layout.databaseFile, 'DROP TRIGGER ledger_no_delete; CREATE TRIGGER `ledger_no_delete` BEFORE DELETE ON `ledger` BEGIN SELECT 1; END;');
    const report = await verifyAll(core);
    expect(report.problems).toEqual([{ area: 'database', location: 'trigger ledger_no_delete', message: 'this append-only protection was rewritten outside the app.' }]);
  });

  it('catches entries cut from the end with a rewritten head, given a head noted earlier', async () => {
    const { core } = await auditWithEvidence();
    const noted = (await verifyAll(core)).ledgerHeads[0]!.hash;
    shell(
      core.layout.databaseFile,
      `DROP TRIGGER ledger_no_delete; DROP TRIGGER custody_events_no_delete;
       DELETE FROM custody_events; DELETE FROM ledger WHERE seq = 4;
       UPDATE ledger_heads SET seq = 3, hash = (SELECT hash FROM ledger WHERE seq = 3);`,
    );
    const withoutAnchor = await verifyAll(core);
    expect(withoutAnchor.problems.filter((p) => p.area === 'ledger')).toEqual([]);
    const anchored = await verifyAll(core, { expectHeads: [noted] });
    expect(anchored.problems).toContainEqual({ area: 'ledger', location: `head ${noted}`, message: expect.stringMatching(/no longer in the ledger/) });
  });

  it('names anything in the vault that is not an object in its place, without hanging', async () => {
    const { core, evidence } = await auditWithEvidence();
    const fake = 'a'.repeat(64);
    fs.mkdirSync(path.join(core.vault.root, 'objects', 'aa', fake), { recursive: true });
    const fifo = 'b'.repeat(64);
    fs.mkdirSync(path.join(core.vault.root, 'objects', 'bb'), { recursive: true });
    execFileSync('mkfifo', [path.join(core.vault.root, 'objects', 'bb', fifo)]);
    fs.mkdirSync(path.join(core.vault.root, 'objects', 'zz'));
    fs.copyFileSync(core.vault.objectPath(evidence.sha256), path.join(core.vault.root, 'objects', 'zz', evidence.sha256));
    const report = await verifyAll(core);
    const byLocation = Object.fromEntries(report.problems.map((p) => [p.location, p.message]));
    expect(byLocation[`object aa/${fake}`]).toMatch(/not a regular file/);
    expect(byLocation[`object bb/${fifo}`]).toMatch(/not a regular file/);
    expect(byLocation[`object zz/${evidence.sha256}`]).toMatch(/not in its folder/);
  });

  it('accepts a column added by a later migration at its default, and only at its default', async () => {
    const { core, audit } = await auditWithEvidence();
    // As if these rows predate the columns: the ledger entries do not mention them.
    const raw = new Database(core.layout.databaseFile);
    raw.exec('DROP TRIGGER ledger_no_update');
    const entry = raw.prepare("SELECT seq, fields FROM ledger WHERE entity = 'audits'").get() as { seq: number; fields: string };
    const fields = JSON.parse(entry.fields) as Record<string, unknown>;
    delete fields.templateVersionId;
    delete fields.finalisedAt;
    raw.prepare('UPDATE ledger SET fields = ? WHERE seq = ?').run(JSON.stringify(fields), entry.seq);
    raw.close();
    const report = await verifyAll(core);
    expect(report.problems.filter((p) => p.area === 'records')).toEqual([]);
    shell(core.layout.databaseFile, `UPDATE audits SET finalised_at = '2026-01-01' WHERE id = '${audit.id}'`);
    const changed = await verifyAll(core);
    expect(changed.problems.filter((p) => p.area === 'records').map((p) => p.location)).toEqual([`table audits, record ${audit.id}, field finalisedAt`]);
  });
});
