import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { readJournal } from '../../electron/db/database';
import { sourceRoot } from '../../electron/paths';

// For upgrade tests: put a database back as it was before a migration ran.

/** Undo what one migration made (tables, indexes, triggers, added columns), last statement first. */
export function undoMigration(sqlite: Database.Database, sql: string): void {
  const statements = sql.split('--> statement-breakpoint').map((part) => part.replace(/^--.*$/gm, '').trim()).filter(Boolean).reverse();
  for (const statement of statements) {
    const made = /^CREATE (TABLE|INDEX|UNIQUE INDEX|TRIGGER) (?:IF NOT EXISTS )?[`"]?([\w]+)[`"]?/i.exec(statement);
    const added = /^ALTER TABLE [`"]?(\w+)[`"]? ADD (?:COLUMN )?[`"]?(\w+)[`"]?/i.exec(statement);
    if (made) sqlite.exec(`DROP ${made[1]!.toUpperCase().replace('UNIQUE ', '')} IF EXISTS "${made[2]}"`);
    else if (added) sqlite.exec(`ALTER TABLE "${added[1]}" DROP COLUMN "${added[2]}"`);
    else if (/^INSERT (?:OR IGNORE )?INTO/i.test(statement)) continue; // it filled a table made by the same migration, dropped with it
    else throw new Error(`The upgrade test does not know how to undo: ${statement.slice(0, 120)}`);
  }
}

/** Put a database back as the app left it before the migration whose tag ends with `tagEnd`: it and every later one undone and unrecorded. */
export function undoMigrationsFrom(sqlite: Database.Database, tagEnd: string): void {
  const journal = readJournal(path.join(sourceRoot, 'migrations'));
  const cut = journal.findIndex((e) => e.tag.endsWith(tagEnd));
  if (cut < 0) throw new Error(`No migration's tag ends with ${tagEnd}.`);
  for (const entry of journal.slice(cut).reverse()) {
    undoMigration(sqlite, fs.readFileSync(path.join(sourceRoot, 'migrations', `${entry.tag}.sql`), 'utf8'));
    sqlite.prepare('DELETE FROM __drizzle_migrations WHERE created_at = ?').run(entry.when);
  }
  sqlite.pragma(`user_version = ${cut}`);
}
