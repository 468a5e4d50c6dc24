import { eq, getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { canonicalJson } from '../ledger/canonical';
import { entityTables, type EntityName } from '../ledger/entities';
import { replayLedger, type Conflict } from '../ledger/replay';
import { columnDefaults } from '../ledger/verify-records';
import { mergeOrder } from '../registry/registry';
import type { Core } from '../services';

// Makes the tables hold what the ledger says, after new entries from a bundle were added to it:
// only records that differ are written. Runs inside the import's transaction.
//
// Children are written before their parents (the registry's merge order, worked out from the
// references each kind declares), with foreign keys checked at commit.
//
// The append-only and freeze triggers guard every write the app makes on its own. A merge writes
// only what the verified ledger dictates, and that can include what those triggers forbid: a
// finalised audit arriving whole, a freeze that holds back a war-room entry this laptop added before
// it heard of the finalisation, the earlier of two finalisations winning. So while it writes a
// table's rows the merge lifts that table's triggers and puts back exactly the same SQL, inside the
// same transaction: if anything fails, SQLite rolls the triggers back with the rows, and verify
// compares every trigger with the migrations' SQL.

/** Each kind before every kind it names (from the registry's references). */
const order = mergeOrder as readonly EntityName[];

type AnyTable = SQLiteTable & { id: SQLiteColumn };

export interface ApplyResult {
  inserted: number;
  updated: number;
  deleted: number;
  conflicts: Conflict[];
  latent: Conflict[];
}

export function withTriggersSuspended(core: Core, table: string, write: () => void): void {
  // Only the protections are suspended: the triggers that keep the search index in step still see the merge's writes.
  const triggers = (core.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").all(table) as Array<{ name: string; sql: string }>).filter((t) => /_(no|frozen)_(insert|update|delete)$/.test(t.name));
  for (const trigger of triggers) core.sqlite.exec(`DROP TRIGGER "${trigger.name.replace(/"/g, '""')}"`);
  try {
    write();
  } finally {
    for (const trigger of triggers) core.sqlite.exec(trigger.sql);
  }
}

/** `removed`: records that entries taken out of the ledger touched; one the ledger no longer holds goes. */
export function applyLedger(core: Core, removed: Array<{ entity: string; entityId: string }> = []): ApplyResult {
  if (!core.sqlite.inTransaction) throw new Error('Merging runs inside the import transaction.');
  core.sqlite.pragma('defer_foreign_keys = ON');
  const replayed = replayLedger(core.sqlite);
  const result: ApplyResult = { inserted: 0, updated: 0, deleted: 0, conflicts: replayed.conflicts, latent: replayed.latent };
  const clocks = new Map(
    (core.sqlite.prepare('SELECT entity, entity_id AS entityId, field, hlc FROM field_clocks').all() as Array<{ entity: string; entityId: string; field: string; hlc: string }>).map(
      (r) => [`${r.entity}\u0000${r.entityId}\u0000${r.field}`, r.hlc],
    ),
  );
  const saveClock = core.sqlite.prepare(
    'INSERT INTO field_clocks (entity, entity_id, field, hlc) VALUES (?, ?, ?, ?) ON CONFLICT(entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc',
  );
  for (const entity of order) {
    const records = replayed.records.get(entity) ?? new Map();
    if (records.size === 0 && !removed.some((gone) => gone.entity === entity)) continue;
    const table = entityTables[entity] as AnyTable;
    const columns = new Set(Object.keys(getTableColumns(table)));
    // A column the record's entries never wrote holds its default, as verify expects.
    const defaults = columnDefaults(entity);
    const rows = new Map((core.db.select().from(table).all() as Array<Record<string, unknown> & { id: string }>).map((row) => [row.id, row]));
    const writes: Array<() => void> = [];
    for (const record of records.values()) {
      const row = rows.get(record.id);
      const known = Object.fromEntries(Object.entries(record.fields).filter(([field]) => columns.has(field) && field !== 'id'));
      const expected = { ...Object.fromEntries([...columns].filter((c) => c !== 'id').map((c) => [c, defaults[c] ?? null])), ...known };
      if (record.state === 'live' && !row) {
        writes.push(() => core.db.insert(table).values({ ...known, id: record.id }).run());
        result.inserted += 1;
      } else if (record.state === 'live' && row) {
        const changed = Object.fromEntries(Object.entries(expected).filter(([field, value]) => canonicalJson(row[field] ?? null) !== canonicalJson(value ?? null)));
        if (Object.keys(changed).length > 0) {
          writes.push(() => core.db.update(table).set(changed).where(eq(table.id, record.id)).run());
          result.updated += 1;
        }
      } else if (row) {
        writes.push(() => core.db.delete(table).where(eq(table.id, record.id)).run());
        result.deleted += 1;
      }
      for (const [field, hlc] of Object.entries(record.clocks)) {
        const key = `${entity}\u0000${record.id}\u0000${field}`;
        if (clocks.get(key) !== hlc) saveClock.run(entity, record.id, field, hlc);
      }
    }
    for (const gone of removed) {
      if (gone.entity !== entity || records.has(gone.entityId) || !rows.has(gone.entityId)) continue;
      writes.push(() => core.db.delete(table).where(eq(table.id, gone.entityId)).run());
      rows.delete(gone.entityId);
      result.deleted += 1;
    }
    if (writes.length > 0) withTriggersSuspended(core, getTableName(table), () => writes.forEach((write) => write()));
  }
  const clear = core.sqlite.prepare('DELETE FROM field_clocks WHERE entity = ? AND entity_id = ?');
  for (const gone of removed) if (!replayed.records.get(gone.entity as EntityName)?.has(gone.entityId)) clear.run(gone.entity, gone.entityId);
  return result;
}
