import { afterAll, inject } from 'vitest';
import { createDatabase, dropDatabases } from './pg-database';

// A new, empty PostgreSQL database per call, on the server the global setup started
// (tests/setup/postgres.ts), dropped when the test file's tests end.

export function postgresAdminUrl(): string {
  const server = inject('postgres');
  if ('error' in server) throw new Error(`The hub's tests need PostgreSQL: ${server.error}`);
  return server.url;
}

const made: string[] = [];
afterAll(async () => {
  if (made.length > 0) await dropDatabases(postgresAdminUrl(), made.splice(0));
});

/** Makes an empty database and returns its connection string (as the server's admin user). */
export async function freshDatabase(): Promise<string> {
  const { url, name } = await createDatabase(postgresAdminUrl());
  made.push(name);
  return url;
}
