import { randomBytes } from 'node:crypto';
import pg from 'pg';

// PostgreSQL databases for tests, the browser tests and the bench, free of any test runner: a
// server for the run (RELEASE_AUDIT_TEST_PG from .ci/run, else one started here and stopped when the
// process exits) and new empty databases on it. Vitest's tests use pg.ts, which takes the server
// from the global setup.

let started: Promise<string> | undefined;

/** The admin connection string of a PostgreSQL server for this run. */
export function postgresForRun(): Promise<string> {
  const given = process.env.RELEASE_AUDIT_TEST_PG;
  if (given) return Promise.resolve(given);
  started ??= (async () => {
    // @ts-expect-error: a plain ES module script without types
    const script = (await import('../../scripts/test-postgres.mjs')) as { startPostgres: () => Promise<{ url: string; folder: string }>; stopPostgres: (folder: string) => void };
    const { url, folder } = await script.startPostgres();
    process.once('exit', () => script.stopPostgres(folder));
    return url;
  })();
  return started;
}

/** Makes an empty database on the server and returns its connection string (as the server's admin user). */
export async function createDatabase(adminUrl: string, prefix = 'hub_test'): Promise<{ url: string; name: string }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

export async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
