import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import { sourceRoot } from '../paths';
import { tempDir } from '../../tests/helpers/temp';
import { openDatabase, readJournal } from './database';

const migrationsFolder = path.join(sourceRoot, 'migrations');
const fileHash = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('openDatabase', () => {
  it('applies every migration to an empty file, with WAL, foreign keys and synchronous FULL', () => {
    const file = path.join(tempDir(), 'app.db');
    const { sqlite, schemaVersion } = openDatabase({ file, migrationsFolder });
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    for (const table of ['audits', 'releases', 'controls', 'checklist_templates', 'template_versions', 'checklist_results', 'evidence', 'custody_events', 'interviews', 'warroom_entries', 'findings', 'ledger', 'ledger_heads']) {
      expect(tables).toContain(table);
    }
    expect(schemaVersion).toBe(readJournal(migrationsFolder).length);
    expect(sqlite.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    sqlite.close();
  });

  it('opens an existing database again without re-applying migrations', () => {
    const file = path.join(tempDir(), 'app.db');
    openDatabase({ file, migrationsFolder }).sqlite.close();
    const { sqlite } = openDatabase({ file, migrationsFolder });
    const applied = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(readJournal(migrationsFolder).length);
    sqlite.close();
  });

  it('opens an up-to-date database without reading the migration files or writing, and still applies one it lacks', () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.db');
    openDatabase({ file, migrationsFolder }).sqlite.close();
    // A copy of the migrations whose SQL files are gone: only the journal is read when nothing is due.
    const folder = path.join(dir, 'migrations');
    fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
    fs.copyFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), path.join(folder, 'meta', '_journal.json'));
    const before = fileHash(file);
    const again = openDatabase({ file, migrationsFolder: folder });
    expect(again.schemaVersion).toBe(readJournal(migrationsFolder).length);
    again.sqlite.close();
    expect(fileHash(file)).toBe(before);
    // One migration newer than the database: the migrator runs, as before.
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ idx: number; when: number; tag: string }> };
    const last = journal.entries.at(-1) as { idx: number; when: number; tag: string };
    fs.cpSync(migrationsFolder, folder, { recursive: true });
    fs.writeFileSync(path.join(folder, '9999_extra.sql'), 'CREATE TABLE extra_probe (id TEXT PRIMARY KEY);');
    const extended = { ...journal, entries: [...journal.entries, { ...last, idx: last.idx + 1, when: last.when + 1, tag: '9999_extra' }] };
    fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify(extended));
    const upgraded = openDatabase({ file, migrationsFolder: folder });
    expect(upgraded.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'extra_probe'").get()).toBeDefined();
    expect(upgraded.sqlite.pragma('user_version', { simple: true })).toBe(journal.entries.length + 1);
    upgraded.sqlite.close();
  });

  it('refuses a database written by a newer version and leaves it unchanged', () => {
    const file = path.join(tempDir(), 'app.db');
    const first = openDatabase({ file, migrationsFolder });
    first.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    first.sqlite.pragma('journal_mode = DELETE');
    first.sqlite.pragma('user_version = 99');
    first.sqlite.close();
    const before = fileHash(file);
    let caught: unknown;
    try {
      openDatabase({ file, migrationsFolder });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('FUTURE_DATABASE');
    expect((caught as AppError).message).toMatch(/newer version of Release Audit/);
    expect(fileHash(file)).toBe(before);
  });

  it('refuses a database that has a migration this version does not know', () => {
    const file = path.join(tempDir(), 'app.db');
    openDatabase({ file, migrationsFolder }).sqlite.close();
    const raw = new Database(file);
    raw.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.now() + 10 ** 9);
    raw.close();
    expect(() => openDatabase({ file, migrationsFolder })).toThrow(/newer version/);
  });

  it('makes the ledger, evidence and custody log append-only in the database itself', () => {
    const file = path.join(tempDir(), 'app.db');
    const { sqlite } = openDatabase({ file, migrationsFolder });
    sqlite
      .prepare("INSERT INTO ledger VALUES ('d', 1, 'h', 'a', 'audits', 'x', 'insert', '{}', '{}', 'p', 'h1')")
      .run();
    expect(() => sqlite.prepare("UPDATE ledger SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM ledger').run()).toThrow(/append-only/);
    sqlite.close();
  });

  it('refuses a file that is not a database, leaving it as it was', () => {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'these are my notes, not a database'.repeat(200));
    const before = fileHash(file);
    expect(() => openDatabase({ file, migrationsFolder })).toThrow(/is not a Release Audit database/);
    expect(fileHash(file)).toBe(before);
  });
});
