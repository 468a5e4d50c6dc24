import Database from 'better-sqlite3';
import { canonicalJson } from '../../electron/ledger/canonical';
import { entryHash, type LedgerRow } from '../../electron/ledger/ledger';

// History rewritten by someone with the database file but not the signing key: every later hash and the
// stored head recomputed, every trigger put back exactly as it was.

const selectRows = `SELECT device_id AS deviceId, seq, hlc, actor, entity, entity_id AS entityId, op, fields,
  prev_clocks AS prevClocks, prev_hash AS prevHash, hash FROM ledger WHERE device_id = ? ORDER BY seq`;

/** Edits one entry of a device's chain (and a record, by SQL), recomputing every later hash and the head. */
export function rewriteHistory(file: string, deviceId: string, seq: number, edit: (fields: Record<string, unknown>) => void, alsoRecord: string): void {
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

