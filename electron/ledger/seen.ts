import type Database from 'better-sqlite3';

// How far into each device's chain this laptop holds everything concerning an audit: its own chain
// to the end, other laptops' chains as far as bundles for that audit have brought them.

export function auditHeads(sqlite: Database.Database, auditId: string, ownDeviceId: string): Record<string, number> {
  const heads: Record<string, number> = {};
  for (const row of sqlite.prepare('SELECT device_id AS deviceId, seq FROM sync_seen WHERE audit_id = ?').all(auditId) as Array<{ deviceId: string; seq: number }>) {
    heads[row.deviceId] = row.seq;
  }
  const own = sqlite.prepare('SELECT seq FROM ledger_heads WHERE device_id = ?').get(ownDeviceId) as { seq: number } | undefined;
  heads[ownDeviceId] = own?.seq ?? 0;
  return heads;
}
