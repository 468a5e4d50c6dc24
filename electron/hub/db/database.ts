import fs from 'node:fs';
import path from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { AppError } from '../../../shared/api/errors';
import * as schema from './schema';

// The hub's PostgreSQL database: connected, created and migrated at start (one hub at a time holds
// the migration lock), then every pooled connection works as the writer role, which has no right to
// delete, truncate or (but for three small tables) update anything (migrations/hub/).

export type HubDb = NodePgDatabase<typeof schema>;

export interface HubDatabase {
  pool: pg.Pool;
  db: HubDb;
  close: () => Promise<void>;
}

export const WRITER_ROLE = 'release_audit_hub_writer';
const MIGRATION_LOCK = 0x52_41_48_42; // "RAHB"

export interface OpenHubDatabaseOptions {
  /** migrations/hub of the app's root. */
  migrationsFolder: string;
  /** Pooled connections at most (the load test pushes from 20 laptops at once). */
  max?: number;
  /** Work as the owner (for administration tests); the hub itself always works as the writer role. */
  asOwner?: boolean;
}

export const hubMigrationsFolder = (appRoot: string): string => path.join(appRoot, 'migrations', 'hub');

/** A connection string as a person can be told about it: never its password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = parsed.password ? '***' : '';
    return parsed.toString();
  } catch {
    return 'the connection string given';
  }
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('VALIDATION', 'The database connection string is not a URL: give one such as postgres://user@host:5432/release_audit_hub.');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new AppError('VALIDATION', `The database connection string must start with postgres:// (it starts with ${parsed.protocol}//).`);
}

/**
 * Whether every migration of the folder is applied already (drizzle records each by the time it was
 * made): then a hub running as a login role of the app, which may not create anything, migrates nothing.
 */
async function migrationsApplied(client: pg.Client, migrationsFolder: string): Promise<boolean> {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ when: number }> };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const applied = (await client.query('SELECT max(created_at)::text AS at FROM drizzle.__drizzle_migrations')).rows[0] as { at: string | null };
    return applied.at !== null && Number(applied.at) >= newest;
  } catch {
    return false;
  }
}

export async function openHubDatabase(url: string, options: OpenHubDatabaseOptions): Promise<HubDatabase> {
  checkUrl(url);
  const owner = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await owner.connect();
  } catch (error) {
    throw new AppError('NOT_FOUND', `The hub cannot reach its database at ${describeUrl(url)}: ${(error as Error).message}.`);
  }
  try {
    const version = Number(((await owner.query('SHOW server_version_num')).rows[0] as { server_version_num: string }).server_version_num);
    if (version < 140000) throw new AppError('VALIDATION', `The hub needs PostgreSQL 14 or newer; ${describeUrl(url)} runs ${Math.floor(version / 10000)}.`);
    await owner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      if (!(await migrationsApplied(owner, options.migrationsFolder))) await migrate(drizzle(owner, { schema }), { migrationsFolder: options.migrationsFolder });
    } finally {
      await owner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } catch (error) {
    await owner.end().catch(() => {});
    if (error instanceof AppError) throw error;
    throw new AppError(
      'INTEGRITY',
      `The hub could not bring its database at ${describeUrl(url)} up to date: ${(error as Error).message}. Only the database's owner can migrate it: when the hub runs as a login role of the app, run release-audit hub migrate --database-url with the owner's connection string first.`,
    );
  }
  await owner.end();
  // Each connection takes the writer role as it opens: one that may not is refused, never left as the owner.
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 30, connectionTimeoutMillis: 30_000, ...(options.asOwner ? {} : { options: `-c role=${WRITER_ROLE}` }) });
  // A broken connection is dropped from the pool and reported by the query that used it, never by a crash.
  pool.on('error', () => {});
  return { pool, db: drizzle(pool, { schema }), close: () => pool.end() };
}
