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
