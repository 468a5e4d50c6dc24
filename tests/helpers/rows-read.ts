import type Database from 'better-sqlite3';
import type { Core } from '../../electron/services';

// How many rows a piece of work reads from each table, across awaits (an import is async): every
// row a statement of this database returns (get, all, iterate), counted against each table its SQL
// names. A query that scans a table to return a few rows is caught by the statements it runs (see
// statements.ts); this counts what comes back, which is what a replay of the whole ledger reads.

const runs = ['get', 'all', 'iterate'] as const;

export async function rowsReadBy<T>(core: Core, tables: string[], work: () => Promise<T>): Promise<{ result: T; rows: Record<string, number> }> {
  const rows: Record<string, number> = Object.fromEntries(tables.map((table) => [table, 0]));
  const patterns = tables.map((table) => [table, new RegExp(`\\b"?${table}"?\\b`)] as const);
  const count = (sql: string, n: number) => {
    for (const [table, pattern] of patterns) if (pattern.test(sql)) rows[table] = (rows[table] ?? 0) + n;
  };
  const proto = Object.getPrototypeOf(core.sqlite.prepare('SELECT 1')) as Record<(typeof runs)[number], (...args: unknown[]) => unknown>;
  const originals = runs.map((name) => [name, proto[name]] as const);
  for (const [name, original] of originals) {
    proto[name] = function (this: Database.Statement, ...args: unknown[]) {
      const answer = original.apply(this, args);
      if (this.database !== core.sqlite) return answer;
      if (name === 'get') count(this.source, answer === undefined ? 0 : 1);
      else if (name === 'all') count(this.source, (answer as unknown[]).length);
      else {
        const source = this.source;
        return (function* () {
          for (const row of answer as Iterable<unknown>) {
            count(source, 1);
            yield row;
          }
        })();
      }
      return answer;
    };
  }
  try {
    return { result: await work(), rows };
  } finally {
    for (const [name, original] of originals) proto[name] = original;
  }
}
