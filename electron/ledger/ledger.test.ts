import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newId, utcNow } from '../ids';
import { testCore } from '../../tests/helpers/temp';
import { transact, type Core } from '../services';
import { GENESIS_HASH, entryHash, parseLedgerRow, type LedgerRow } from './ledger';
import { verifyChains } from './verify-chain';

function rows(core: Core): LedgerRow[] {
  return core.sqlite
    .prepare(
      `SELECT device_id AS deviceId, seq, hlc, actor, entity, entity_id AS entityId, op, fields,
       prev_clocks AS prevClocks, prev_hash AS prevHash, hash FROM ledger ORDER BY seq`,
    )
    .all() as LedgerRow[];
}

/** Opens the same file the way someone with the sqlite3 shell would, append-only triggers dropped. */
function tamper(core: Core, sql: string): void {
  const raw = new Database(core.layout.databaseFile);
  raw.exec('DROP TRIGGER IF EXISTS ledger_no_update; DROP TRIGGER IF EXISTS ledger_no_delete;');
  raw.exec(sql);
  raw.close();
}

/** One ledger entry per audit: each audit row is written alone (the app also makes its plan). */
function coreWithAudits(count: number): Core {
  const core = testCore();
  for (let i = 1; i <= count; i += 1) {
    const now = utcNow();
    transact(core, (records) => records.insert('audits', { id: newId(), name: `Audit ${i}`, description: '', status: 'planning', createdAt: now, createdBy: core.actor, updatedAt: now }));
  }
  return core;
}

describe('ledger', () => {
  it('chains every change of a device: numbered, linked and hashed', () => {
    const core = coreWithAudits(3);
    const entries = rows(core).map(parseLedgerRow);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    for (const [i, entry] of entries.entries()) {
      const { hash, ...unsigned } = entry;
      expect(entryHash(unsigned)).toBe(hash);
      if (i > 0) expect(entry.prevHash).toBe(entries[i - 1]?.hash);
      expect(entry).toMatchObject({ deviceId: core.deviceId, actor: 'test-auditor', entity: 'audits', op: 'insert' });
      expect(entry.fields).toMatchObject({ name: `Audit ${i + 1}`, status: 'planning' });
    }
    expect(entries[1]!.hlc > entries[0]!.hlc).toBe(true);
    expect(verifyChains(core.sqlite)).toMatchObject({ problems: [], entries: 3, devices: 1 });
  });

  it('records the clock of the value an update overwrites', () => {
    const core = coreWithAudits(1);
    const [created] = rows(core).map(parseLedgerRow);
    transact(core, (records) => records.update('audits', created!.entityId, { name: 'Renamed' }));
    const update = rows(core).map(parseLedgerRow)[1]!;
    expect(update.op).toBe('update');
    expect(update.fields).toEqual({ name: 'Renamed' });
    expect(update.prevClocks).toEqual({ name: created!.hlc });
  });

  it('writes nothing when the change fails', () => {
    const core = coreWithAudits(1);
    expect(() =>
      transact(core, (records) => {
        records.insert('audits', { id: 'x-1', name: 'half', description: '', status: 'planning', createdAt: 'now', createdBy: 'me', updatedAt: 'now' });
        throw new Error('power cut');
      }),
    ).toThrow('power cut');
    expect(rows(core)).toHaveLength(1);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM audits').get()).toEqual({ n: 1 });
  });

  it('detects and locates an edited entry', () => {
    const core = coreWithAudits(4);
    tamper(core, "UPDATE ledger SET actor = 'mallory' WHERE seq = 2");
    const { problems } = verifyChains(core.sqlite);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ area: 'ledger', location: `device ${core.deviceId}, entry #2` });
    expect(problems[0]?.message).toMatch(/no longer match its hash/);
  });

  it('detects an entry whose fields were made unreadable', () => {
    const core = coreWithAudits(2);
    tamper(core, "UPDATE ledger SET fields = '{not json' WHERE seq = 1");
    expect(verifyChains(core.sqlite).problems[0]).toMatchObject({ location: `device ${core.deviceId}, entry #1` });
  });

  it('detects and locates a deleted entry in the middle', () => {
    const core = coreWithAudits(4);
    tamper(core, 'DELETE FROM ledger WHERE seq = 2');
    const { problems } = verifyChains(core.sqlite);
    expect(problems.map((p) => p.location)).toContain(`device ${core.deviceId}, entry #3`);
    expect(problems.map((p) => p.message).join(' ')).toMatch(/entry #2 is missing/);
  });

  it('detects entries removed from the end', () => {
    const core = coreWithAudits(4);
    tamper(core, 'DELETE FROM ledger WHERE seq >= 3');
    const { problems } = verifyChains(core.sqlite);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/ends at #2 but its head records #4/);
  });

  it('detects an inserted entry', () => {
    const core = coreWithAudits(3);
    tamper(
      core,
      `INSERT INTO ledger SELECT device_id, 4, hlc || 'z', actor, entity, entity_id, op, fields, prev_clocks, hash, hash FROM ledger WHERE seq = 3`,
    );
    const { problems } = verifyChains(core.sqlite);
    expect(problems.some((p) => p.location === `device ${core.deviceId}, entry #4`)).toBe(true);
  });

  it('detects reordered entries', () => {
    const core = coreWithAudits(4);
    tamper(core, 'UPDATE ledger SET seq = -seq WHERE seq IN (2, 3); UPDATE ledger SET seq = 5 + seq WHERE seq IN (-2, -3);');
    // seq 2 became 3 and 3 became 2
    const { problems } = verifyChains(core.sqlite);
    const locations = problems.map((p) => p.location);
    expect(locations).toContain(`device ${core.deviceId}, entry #2`);
    expect(locations).toContain(`device ${core.deviceId}, entry #3`);
  });
});
