import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AppError } from '../../shared/api/errors';
import * as schema from './schema';

// Owns the database lifecycle: open, pragmas, refuse a database from a newer app, migrate, close on failure.

export type AppDatabase = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: AppDatabase;
  schemaVersion: number;
}

export interface OpenDatabaseOptions {
  file: string;
  migrationsFolder: string;
  /** Path to a better-sqlite3 binary built for another runtime (the Electron shell passes one). */
  nativeBinding?: string;
}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

export function readJournal(migrationsFolder: string): JournalEntry[] {
  const file = path.join(migrationsFolder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const journal = readJournal(options.migrationsFolder);
  const schemaVersion = journal.length;
  let sqlite: Database.Database;
  try {
    sqlite = new Database(options.file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    throw new AppError('INTEGRITY', `Release Audit cannot open ${options.file}: ${(error as Error).message}.`);
  }
  try {
    sqlite.pragma('busy_timeout = 5000');
    // Read-only checks first: a database that is not ours, or is from a newer app, is left as it was.
    refuseForeignFile(sqlite, options.file);
    const state = refuseNewerDatabase(sqlite, journal, options.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = FULL');
    const db = drizzle(sqlite, { schema });
    // drizzle's migrator reads and hashes every migration file, then applies those newer than the
    // newest applied: when that is the journal's newest, it would apply none, so a database already
    // up to date is opened without reading them (and without a write to set a version it has).
    if (!state.migrated || state.newestApplied < Math.max(0, ...journal.map((entry) => entry.when))) migrate(db, { migrationsFolder: options.migrationsFolder });
    if (state.userVersion !== schemaVersion) sqlite.pragma(`user_version = ${schemaVersion}`);
    return { sqlite, db, schemaVersion };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

function refuseForeignFile(sqlite: Database.Database, file: string): void {
  try {
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new AppError('INTEGRITY', `${file} is not a Release Audit database (it is not an SQLite file). It has not been changed.`);
    }
    throw error;
  }
}

/** A database written by a newer version of the app is never migrated down or touched. */
function refuseNewerDatabase(sqlite: Database.Database, journal: JournalEntry[], file: string): { migrated: boolean; newestApplied: number; userVersion: number } {
  const userVersion = Number(sqlite.pragma('user_version', { simple: true }));
  const newestKnown = journal.at(-1)?.when ?? 0;
  let newestApplied = 0;
  const hasTable = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (hasTable) {
    const row = sqlite.prepare('SELECT max(created_at) AS newest FROM __drizzle_migrations').get() as {
      newest: number | null;
    };
    newestApplied = Number(row.newest ?? 0);
  }
  if (userVersion > journal.length || newestApplied > newestKnown) {
    throw new AppError(
      'FUTURE_DATABASE',
      `The database at ${file} was written by a newer version of Release Audit (schema ${userVersion}, this app knows ${journal.length}). ` +
        'Install the newer version to open it; it has not been changed.',
    );
  }
  return { migrated: Boolean(hasTable), newestApplied, userVersion };
}
