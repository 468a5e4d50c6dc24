import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { entityTables, type EntityName } from './entities';

// The record writer's SQL, prepared once per database and table (and per set of columns written),
// so that a write costs its few indexed statements and never a query built again: drizzle builds and
// compiles a statement on every call, which was most of the time of a ledgered write. Values are
// converted with the table's own drizzle columns (JSON text, booleans), as drizzle itself does.

type Row = Record<string, unknown> & { id: string };

interface TableStatements {
  insert(row: Record<string, unknown>): Row;
  /** The row after the change, or undefined when there is no row with that id (nothing changed). */
  update(id: string, changes: Record<string, unknown>): { row: Row; written: string[] } | undefined;
  select(id: string): Row | undefined;
  remove(id: string): void;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function tableStatements(sqlite: Database.Database, table: SQLiteTable): TableStatements {
  const columns = Object.entries(getTableColumns(table)) as Array<[string, SQLiteColumn]>;
  const byKey = new Map(columns);
  const name = quote(getTableName(table));
  // A stored row back to the record's fields, as drizzle's select gives it.
  const decoders = columns.map(([key, column]) => [column.name, key, column] as const);
  const decode = (raw: Record<string, unknown>): Row => {
    const row: Record<string, unknown> = {};
    for (const [sqlName, key, column] of decoders) {
      const value = raw[sqlName];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as Row;
  };
  const encode = (keys: string[], values: Record<string, unknown>) =>
    keys.map((key) => {
      const value = values[key];
      return value === null ? null : (byKey.get(key) as SQLiteColumn).mapToDriverValue(value);
    });
  // Only the columns given are written; the others take their SQL defaults, as with drizzle.
  const written = (values: Record<string, unknown>) => Object.keys(values).filter((key) => values[key] !== undefined && byKey.has(key));
  const sqlNames = (keys: string[]) => keys.map((key) => quote((byKey.get(key) as SQLiteColumn).name));
  const inserts = new Map<string, Database.Statement>();
  const updates = new Map<string, Database.Statement>();
  const select = sqlite.prepare(`SELECT * FROM ${name} WHERE "id" = ?`);
  const remove = sqlite.prepare(`DELETE FROM ${name} WHERE "id" = ?`);
  const cachedStatement = (cache: Map<string, Database.Statement>, keys: string[], sql: () => string) => {
    const signature = keys.join(',');
    let statement = cache.get(signature);
    if (!statement) {
      statement = sqlite.prepare(sql());
      cache.set(signature, statement);
    }
    return statement;
  };
  return {
    insert(values) {
      const keys = written(values);
      const statement = cachedStatement(inserts, keys, () => `INSERT INTO ${name} (${sqlNames(keys).join(', ')}) VALUES (${keys.map(() => '?').join(', ')}) RETURNING *`);
      return decode(statement.get(...encode(keys, values)) as Record<string, unknown>);
    },
    update(id, changes) {
      const keys = written(changes);
      if (keys.length === 0) throw new Error('An update writes at least one field.');
      const statement = cachedStatement(updates, keys, () => `UPDATE ${name} SET ${sqlNames(keys).map((column) => `${column} = ?`).join(', ')} WHERE "id" = ? RETURNING *`);
      const raw = statement.get(...encode(keys, changes), id) as Record<string, unknown> | undefined;
      return raw ? { row: decode(raw), written: keys } : undefined;
    },
    select(id) {
      const raw = select.get(id) as Record<string, unknown> | undefined;
      return raw ? decode(raw) : undefined;
    },
    remove(id) {
      remove.run(id);
    },
  };
}

const cache = new WeakMap<Database.Database, Map<EntityName, TableStatements>>();

/** The prepared statements of one record kind's table on this database. */
export function rowStatements(sqlite: Database.Database, entity: EntityName): TableStatements {
  let tables = cache.get(sqlite);
  if (!tables) {
    tables = new Map();
    cache.set(sqlite, tables);
  }
  let found = tables.get(entity);
  if (!found) {
    found = tableStatements(sqlite, entityTables[entity] as SQLiteTable);
    tables.set(entity, found);
  }
  return found;
}
