import type Database from 'better-sqlite3';
import type { Core } from '../../electron/services';

// What a call asks of the database: the SQL of every statement it runs (drizzle and raw
// better-sqlite3 alike, prepared there or cached from before), and how many rows it wrote (SQLite's
// total_changes()).

export function changesSoFar(core: Core): number {
  return (core.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

const runs = ['run', 'get', 'all', 'iterate'] as const;

export function statementsOf<T>(core: Core, work: () => T): { result: T; statements: string[]; changes: number } {
  const statements: string[] = [];
  const before = changesSoFar(core);
  const proto = Object.getPrototypeOf(core.sqlite.prepare('SELECT 1')) as Record<(typeof runs)[number], (...args: unknown[]) => unknown>;
  const originals = runs.map((name) => [name, proto[name]] as const);
  for (const [name, original] of originals) {
    proto[name] = function (this: Database.Statement, ...args: unknown[]) {
      if (this.database === core.sqlite) statements.push(this.source);
      return original.apply(this, args);
    };
  }
  let result: T;
  try {
    result = work();
  } finally {
    for (const [name, original] of originals) proto[name] = original;
  }
  return { result, statements, changes: changesSoFar(core) - before };
}

/** The statements among them that name this table. */
export const touching = (statements: string[], table: string): string[] => statements.filter((sql) => new RegExp(`\\b"?${table}"?\\b`).test(sql));
