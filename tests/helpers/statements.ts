import type { Core } from '../../electron/services';

// What a call asks of the database: the SQL of every statement it prepares (drizzle and raw
// better-sqlite3 alike prepare one per query), and how many rows it wrote (SQLite's total_changes()).

export function changesSoFar(core: Core): number {
  return (core.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

export function statementsOf<T>(core: Core, work: () => T): { result: T; statements: string[]; changes: number } {
  const statements: string[] = [];
  const prepare = core.sqlite.prepare;
  const before = changesSoFar(core);
  core.sqlite.prepare = ((sql: string) => {
    statements.push(sql);
    return prepare.call(core.sqlite, sql);
  }) as typeof prepare;
  let result: T;
  try {
    result = work();
  } finally {
    core.sqlite.prepare = prepare;
  }
  return { result, statements, changes: changesSoFar(core) - before };
}

/** The statements among them that read this table (by its quoted or bare name). */
export const touching = (statements: string[], table: string): string[] => statements.filter((sql) => new RegExp(`\\b"?${table}"?\\b`).test(sql));
