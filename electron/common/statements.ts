import type Database from 'better-sqlite3';

// A module's prepared statements, made once per database connection and kept as long as it is.

export function statementsOf<T>(prepare: (sqlite: Database.Database) => T): (sqlite: Database.Database) => T {
  const made = new WeakMap<Database.Database, T>();
  return (sqlite) => {
    let found = made.get(sqlite);
    if (found === undefined) {
      found = prepare(sqlite);
      made.set(sqlite, found);
    }
    return found;
  };
}
