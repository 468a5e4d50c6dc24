import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

// A new, empty PostgreSQL database per test file (or per call), on the server the global setup
// started (tests/setup/postgres.ts), dropped when the file's tests end.

export function postgresAdminUrl(): string {
  const server = inject('postgres');
  if ('error' in server) throw new Error(`The hub's tests need PostgreSQL: ${server.error}`);
  return server.url;
}

const made: string[] = [];
afterAll(async () => {
  if (made.length === 0) return;
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    for (const name of made.splice(0)) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});

/** Makes an empty database and returns its connection string (as the server's admin user). */
export async function freshDatabase(): Promise<string> {
  const adminUrl = postgresAdminUrl();
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  made.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
