import { eq, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { canonicalJson } from '../ledger/canonical';
import { entityTables, type EntityName } from '../ledger/entities';
import { replayLedger, type Conflict, type Replay } from '../ledger/replay';
import { TouchedReplay, type RecordKey, type Row } from '../ledger/replay-records';
import { columnDefaults } from '../ledger/verify-records';
import { mergeOrder } from '../registry/registry';
import type { Core } from '../services';

// Makes the tables hold what the ledger says, after new entries from a bundle were added to it:
// only records that differ are written, and only the records the bundle touched are read (with the
// records their state depends on: see replay-records.ts). Runs inside the import's transaction.
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
  /** The records replayed (`entity\0id`), whose stored conflicts these replace; null: every record was. */
  replayed: Set<string> | null;
}

export function withTriggersSuspended(core: Core, table: string, write: () => void, alsoSuspend: readonly string[] = []): void {
  // Only the protections are suspended (and the search triggers named, whose work the caller does itself): the other
  // triggers that keep the search index in step still see the merge's writes.
  const triggers = (core.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").all(table) as Array<{ name: string; sql: string }>).filter(
    (t) => /_(no|frozen)_(insert|update|delete)$/.test(t.name) || alsoSuspend.includes(t.name),
  );
  for (const trigger of triggers) core.sqlite.exec(`DROP TRIGGER "${trigger.name.replace(/"/g, '""')}"`);
  try {
    write();
  } finally {
    for (const trigger of triggers) core.sqlite.exec(trigger.sql);
  }
}

/**
 * The merge fills the search index of the rows it inserts into a table in one statement after them,
 * not one trigger run per row: an FTS5 insert from a trigger writes out a segment per row (about 50 µs
 * each here), one INSERT…SELECT writes them together. Tests turn each off to compare with the plain way.
 */
export const mergeTuning = {
  bulkSearchIndex: true,
  /** Records the ledger held nothing of are replayed from the bundle's entries, not read back from the ledger (see TouchedReplay.replay). */
  replayFromBundle: true,
};

/** A table's search trigger that adds one document per row and indexes it, and the same work for many rows. */
interface BulkSearch {
  trigger: string;
  /** Indexes the rows of these ids, in this order: the documents get the ids the trigger would have given them. */
  index(ids: string[]): void;
}

// The shape of the search triggers that insert one document and index it (migrations/0036_search_triggers.sql);
// a trigger of any other shape keeps firing per row.
const simpleSearchTrigger =
  /^CREATE TRIGGER `(search_\w+_ai)` AFTER INSERT ON `(\w+)` BEGIN INSERT INTO search_docs \(([\w, ]+)\) VALUES \((.*)\); INSERT INTO search_fts \(rowid, title, body, audit_id\) SELECT id, title, body, replace\(audit_id, '-', ''\) FROM search_docs WHERE id = last_insert_rowid\(\); END$/s;

function bulkSearchOf(core: Core, table: string): BulkSearch | null {
  if (!mergeTuning.bulkSearchIndex) return null;
  const found = (core.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE 'search\\_%\\_ai' ESCAPE '\\'").pluck().all(table) as string[])
    .map((text) => simpleSearchTrigger.exec(text))
    .filter((match): match is RegExpExecArray => match !== null && match[2] === table && !(match[4] as string).includes(';'));
  const match = found[0];
  if (found.length !== 1 || !match) return null;
  // NEW names the row, as in the trigger: the same expressions give the same documents.
  const docs = core.sqlite.prepare(`INSERT INTO search_docs (${match[3]}) SELECT ${match[4]} FROM json_each(?) AS ids JOIN "${table}" AS NEW ON NEW.id = ids.value ORDER BY ids.key`);
  const last = core.sqlite.prepare('SELECT coalesce(max(id), 0) FROM search_docs').pluck();
  const fts = core.sqlite.prepare("INSERT INTO search_fts (rowid, title, body, audit_id) SELECT id, title, body, replace(audit_id, '-', '') FROM search_docs WHERE id > ? ORDER BY id");
  return {
    trigger: match[1] as string,
    index(ids) {
      const before = last.get() as number;
      docs.run(JSON.stringify(ids));
      fts.run(before);
    },
  };
}

/**
 * `touched`: the records the import's new entries write; only they, and the records their state
 * depends on, are replayed (null: the whole ledger is, as when a finalisation arrives or entries were
 * taken out). `removed`: records that entries taken out of the ledger touched; one the ledger no
 * longer holds goes. `fresh`: records whose every ledger entry the caller holds as rows (see
 * TouchedReplay.replay).
 */
export function applyLedger(core: Core, removed: Array<{ entity: string; entityId: string }> = [], touched: RecordKey[] | null = null, fresh: ReadonlyMap<string, Row[]> = new Map()): ApplyResult {
  if (!core.sqlite.inTransaction) throw new Error('Merging runs inside the import transaction.');
  core.sqlite.pragma('defer_foreign_keys = ON');
  const whole = touched === null || removed.length > 0;
  const replayed = whole ? replayLedger(core.sqlite) : new TouchedReplay(core.sqlite).replay(touched, fresh);
  const result: ApplyResult = { inserted: 0, updated: 0, deleted: 0, conflicts: replayed.conflicts, latent: replayed.latent, replayed: whole ? null : replayedKeys(replayed) };
  const clocksOf = clocksReader(core, whole);
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
    const ids = [...records.keys()] as string[];
    const rowOf = rowsReader(core, table, whole, ids);
    const clockOf = clocksOf(entity, ids);
    const insert = inserter(core, table);
    const writes: Array<() => void> = [];
    const insertedIds: string[] = [];
    let deletes = false;
    for (const record of records.values()) {
      const row = rowOf(record.id);
      const known = Object.fromEntries(Object.entries(record.fields).filter(([field]) => columns.has(field) && field !== 'id'));
      if (record.state === 'live' && !row) {
        writes.push(() => insert({ ...known, id: record.id }));
        insertedIds.push(record.id);
        result.inserted += 1;
      } else if (record.state === 'live' && row) {
        const expected = { ...Object.fromEntries([...columns].filter((c) => c !== 'id').map((c) => [c, defaults[c] ?? null])), ...known };
        const changed = Object.fromEntries(Object.entries(expected).filter(([field, value]) => canonicalJson(row[field] ?? null) !== canonicalJson(value ?? null)));
        if (Object.keys(changed).length > 0) {
          writes.push(() => core.db.update(table).set(changed).where(eq(table.id, record.id)).run());
          result.updated += 1;
        }
      } else if (row) {
        writes.push(() => core.db.delete(table).where(eq(table.id, record.id)).run());
        deletes = true;
        result.deleted += 1;
      }
      const held = clockOf(record.id);
      // A field last set by the record's insert takes its clock from the ledger: no row is kept for it.
      for (const [field, hlc] of Object.entries(record.clocks)) {
        if (held.get(field) !== hlc && !(hlc === record.insertHlc && !held.has(field))) saveClock.run(entity, record.id, field, hlc);
      }
    }
    const taken = new Set<string>();
    for (const gone of removed) {
      if (gone.entity !== entity || records.has(gone.entityId) || taken.has(gone.entityId) || !rowOf(gone.entityId)) continue;
      taken.add(gone.entityId);
      writes.push(() => core.db.delete(table).where(eq(table.id, gone.entityId)).run());
      deletes = true;
      result.deleted += 1;
    }
    if (writes.length === 0) continue;
    // (A delete frees a document's id, which the trigger of a later insert may take again: then the triggers run.)
    const bulk = insertedIds.length > 1 && !deletes ? bulkSearchOf(core, getTableName(table)) : null;
    withTriggersSuspended(core, getTableName(table), () => {
      writes.forEach((write) => write());
      bulk?.index(insertedIds);
    }, bulk ? [bulk.trigger] : []);
  }
  const clear = core.sqlite.prepare('DELETE FROM field_clocks WHERE entity = ? AND entity_id = ?');
  for (const gone of removed) if (!replayed.records.get(gone.entity as EntityName)?.has(gone.entityId)) clear.run(gone.entity, gone.entityId);
  return result;
}

const replayedKeys = (replayed: Replay): Set<string> => new Set([...replayed.records.values()].flatMap((records) => [...records.values()].map((r) => `${r.entity}\u0000${r.id}`)));

/**
 * Inserts a row of the fields given (the others take their column's default), each value mapped as
 * drizzle maps it: one prepared statement per set of columns, not a query built per row.
 */
function inserter(core: Core, table: AnyTable): (values: Record<string, unknown>) => void {
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const statements = new Map<string, Database.Statement>();
  const name = `"${getTableName(table).replace(/"/g, '""')}"`;
  return (values) => {
    const fields = Object.keys(values).filter((field) => columns[field] !== undefined);
    const key = fields.join(',');
    let statement = statements.get(key);
    if (!statement) {
      const names = fields.map((field) => `"${(columns[field] as SQLiteColumn).name.replace(/"/g, '""')}"`);
      statement = core.sqlite.prepare(`INSERT INTO ${name} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
      statements.set(key, statement);
    }
    statement.run(fields.map((field) => {
      const value = values[field];
      return value === null || value === undefined ? null : (columns[field] as SQLiteColumn).mapToDriverValue(value);
    }));
  };
}

/** Reads by id in slices, so that no statement binds more than SQLite allows. */
const SLICE = 500;

/**
 * A record's row by id: the whole table read once when every record is replayed, else the rows of
 * the records replayed, read by their ids together (by the primary key), not one query each.
 */
function rowsReader(core: Core, table: AnyTable, whole: boolean, ids: string[]): (id: string) => (Record<string, unknown> & { id: string }) | undefined {
  type Row = Record<string, unknown> & { id: string };
  if (whole) {
    const rows = new Map((core.db.select().from(table).all() as Row[]).map((row) => [row.id, row]));
    return (id) => rows.get(id);
  }
  const rows = new Map<string, Row>();
  const some = core.db.select().from(table).where(sql`${table.id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`).prepare();
  for (let at = 0; at < ids.length; at += SLICE) for (const row of some.all({ ids: JSON.stringify(ids.slice(at, at + SLICE)) }) as Row[]) rows.set(row.id, row);
  const read = new Set(ids);
  const one = core.db.select().from(table).where(eq(table.id, sql.placeholder('id'))).prepare();
  return (id) => (read.has(id) ? rows.get(id) : (one.get({ id }) as Row | undefined));
}

/** The field clocks of a kind's records, read as rowsReader reads rows. */
function clocksReader(core: Core, whole: boolean): (entity: string, ids: string[]) => (id: string) => Map<string, string> {
  const none = () => new Map<string, string>();
  if (whole) {
    const all = new Map<string, Map<string, string>>();
    for (const r of core.sqlite.prepare('SELECT entity, entity_id AS entityId, field, hlc FROM field_clocks').iterate() as Iterable<{ entity: string; entityId: string; field: string; hlc: string }>) {
      const key = `${r.entity}\u0000${r.entityId}`;
      all.set(key, (all.get(key) ?? new Map<string, string>()).set(r.field, r.hlc));
    }
    return (entity) => (id) => all.get(`${entity}\u0000${id}`) ?? none();
  }
  const some = core.sqlite.prepare('SELECT entity_id AS entityId, field, hlc FROM field_clocks WHERE entity = ? AND entity_id IN (SELECT value FROM json_each(?))');
  const one = core.sqlite.prepare('SELECT field, hlc FROM field_clocks WHERE entity = ? AND entity_id = ?');
  return (entity, ids) => {
    const held = new Map<string, Map<string, string>>();
    for (let at = 0; at < ids.length; at += SLICE) {
      for (const r of some.iterate(entity, JSON.stringify(ids.slice(at, at + SLICE))) as Iterable<{ entityId: string; field: string; hlc: string }>) {
        held.set(r.entityId, (held.get(r.entityId) ?? new Map<string, string>()).set(r.field, r.hlc));
      }
    }
    const read = new Set(ids);
    return (id) => (read.has(id) ? (held.get(id) ?? none()) : new Map((one.all(entity, id) as Array<{ field: string; hlc: string }>).map((r) => [r.field, r.hlc])));
  };
}
