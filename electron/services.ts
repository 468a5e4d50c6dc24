import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../shared/api/errors';
import { openDatabase, type AppDatabase } from './db/database';
import { newId } from './ids';
import { Ledger } from './ledger/ledger';
import { createRecordWriter, type RecordWriter } from './ledger/records';
import { dataLayout, defaultActor, sourceRoot, type DataLayout } from './paths';
import { Vault } from './vault/vault';

// The data core every transport shares: one database, one ledger, one vault, for one data folder.

export interface Core {
  /** The folder holding migrations/, resources/ and package.json. */
  appRoot: string;
  layout: DataLayout;
  sqlite: Database.Database;
  db: AppDatabase;
  ledger: Ledger;
  vault: Vault;
  /** What writes that never finished had left in the vault's temp folder, removed when this core opened. */
  tempSwept: { files: number; bytes: number };
  deviceId: string;
  actor: string;
  schemaVersion: number;
  appVersion: string;
  close(): void;
}

export interface OpenCoreOptions {
  dataDir: string;
  /** The folder holding migrations/ and package.json: the source tree, or the packaged app. */
  appRoot?: string;
  nativeBinding?: string;
  actor?: string;
  now?: () => number;
  /** Refuse to start a new data folder (for commands that only read). */
  mustExist?: boolean;
  /**
   * Writes the records every data folder starts with (the shipped template), when the database is
   * opened: idempotent, so that building handlers or answering a call never has to.
   */
  seed?: (core: Core) => void;
}

/** The data folder is private to its user; a path that is a file, or data that is missing, is said plainly. */
function prepareDataFolder(layout: DataLayout, mustExist: boolean): void {
  const stat = fs.statSync(layout.root, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) throw new AppError('VALIDATION', `${layout.root} is a file, not a data folder.`);
  if (mustExist && !fs.existsSync(layout.databaseFile)) {
    throw new AppError('NOT_FOUND', `There is no Release Audit data in ${layout.root}. Check --data-dir, or create an audit first.`);
  }
  if (!stat) fs.mkdirSync(layout.root, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(layout.databaseFile)) fs.closeSync(fs.openSync(layout.databaseFile, 'a', 0o600));
}

export function openCore(options: OpenCoreOptions): Core {
  const appRoot = options.appRoot ?? sourceRoot;
  const layout = dataLayout(options.dataDir);
  prepareDataFolder(layout, options.mustExist ?? false);
  const opened = openDatabase({
    file: layout.databaseFile,
    migrationsFolder: path.join(appRoot, 'migrations'),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    const deviceId = ensureDeviceId(opened.sqlite);
    const packageJson = JSON.parse(fs.readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version: string };
    const vault = new Vault(layout.vaultRoot);
    const core: Core = {
      appRoot,
      layout,
      sqlite: opened.sqlite,
      db: opened.db,
      ledger: new Ledger(opened.sqlite, deviceId, options.now),
      vault,
      tempSwept: vault.sweepTemp(),
      deviceId,
      actor: options.actor ?? defaultActor(),
      schemaVersion: opened.schemaVersion,
      appVersion: packageJson.version,
      close: () => opened.sqlite.close(),
    };
    options.seed?.(core);
    return core;
  } catch (error) {
    opened.sqlite.close();
    throw error;
  }
}

function ensureDeviceId(sqlite: Database.Database): string {
  const existing = sqlite.prepare("SELECT value FROM meta WHERE key = 'device_id'").get() as { value: string } | undefined;
  if (existing) return existing.value;
  const deviceId = newId();
  sqlite.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)").run(deviceId);
  return (sqlite.prepare("SELECT value FROM meta WHERE key = 'device_id'").get() as { value: string }).value;
}

// One transaction wrapper per database (better-sqlite3's own: a nested call becomes a savepoint), made
// once instead of drizzle's per call.
const runners = new WeakMap<Database.Database, Database.Transaction<(work: () => unknown) => unknown>>();

/** Runs a change as one immediate transaction: rows and ledger entries land together or not at all. */
export function transact<T>(core: Core, change: (records: RecordWriter, tx: AppDatabase) => T): T {
  let run = runners.get(core.sqlite);
  if (!run) {
    run = core.sqlite.transaction((work: () => unknown) => work());
    runners.set(core.sqlite, run);
  }
  return run.immediate(() => change(createRecordWriter(core.sqlite, core.ledger, core.actor), core.db)) as T;
}
