import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { readJournal } from '../../electron/db/database';
import { sourceRoot } from '../../electron/paths';

// For upgrade tests: put a database back as it was before a migration ran.

/**
 * Undo what one migration made (tables, indexes, triggers, added columns), last statement first. An index
 * it dropped is made again as the latest of the `earlier` migrations' SQL had made it (by default, the
 * migrations before the one whose SQL this is).
 */
export function undoMigration(sqlite: Database.Database, sql: string, earlier = migrationsBefore(sql)): void {
  const statements = sql.split('--> statement-breakpoint').map((part) => part.replace(/^--.*$/gm, '').trim()).filter(Boolean).reverse();
  for (const statement of statements) {
    const made = /^CREATE (TABLE|INDEX|UNIQUE INDEX|TRIGGER) (?:IF NOT EXISTS )?[`"]?([\w]+)[`"]?/i.exec(statement);
    const added = /^ALTER TABLE [`"]?(\w+)[`"]? ADD (?:COLUMN )?[`"]?(\w+)[`"]?/i.exec(statement);
    if (made) sqlite.exec(`DROP ${made[1]!.toUpperCase().replace('UNIQUE ', '')} IF EXISTS "${made[2]}"`);
    else if (added) sqlite.exec(`ALTER TABLE "${added[1]}" DROP COLUMN "${added[2]}"`);
    else if (/^INSERT (?:OR IGNORE )?INTO/i.test(statement)) continue; // it filled a table made by the same migration, dropped with it
    else if (/^DROP INDEX /i.test(statement)) sqlite.exec(madeBefore(statement, earlier));
    else throw new Error(`The upgrade test does not know how to undo: ${statement.slice(0, 120)}`);
  }
}

const sqlOf = (tag: string) => fs.readFileSync(path.join(sourceRoot, 'migrations', `${tag}.sql`), 'utf8');

/** The SQL of the migrations before the one whose SQL is `sql`, joined as one migration's statements. */
function migrationsBefore(sql: string): string {
  const tags = readJournal(path.join(sourceRoot, 'migrations')).map((e) => e.tag);
  const at = tags.findIndex((tag) => sqlOf(tag) === sql);
  return (at < 0 ? [] : tags.slice(0, at)).map(sqlOf).join('\n--> statement-breakpoint\n');
}

/** The CREATE INDEX statement, in the earlier migrations, that made the index `drop` removes. */
function madeBefore(drop: string, earlier: string): string {
  const name = /^DROP INDEX (?:IF EXISTS )?[`"]?(\w+)[`"]?/i.exec(drop)?.[1];
  const made = earlier
    .split('--> statement-breakpoint')
    .map((part) => part.replace(/^--.*$/gm, '').trim())
    .filter((statement) => new RegExp(`^CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?[\`"]?${name}[\`"]? `, 'i').test(statement));
  if (!name || made.length === 0) throw new Error(`The upgrade test does not know how to undo: ${drop.slice(0, 120)}`);
  return made[made.length - 1] as string;
}

/** Put a database back as the app left it before the migration whose tag ends with `tagEnd`: it and every later one undone and unrecorded. */
export function undoMigrationsFrom(sqlite: Database.Database, tagEnd: string): void {
  const journal = readJournal(path.join(sourceRoot, 'migrations'));
  const cut = journal.findIndex((e) => e.tag.endsWith(tagEnd));
  if (cut < 0) throw new Error(`No migration's tag ends with ${tagEnd}.`);
  for (const entry of journal.slice(cut).reverse()) {
    undoMigration(sqlite, sqlOf(entry.tag));
    sqlite.prepare('DELETE FROM __drizzle_migrations WHERE created_at = ?').run(entry.when);
  }
  sqlite.pragma(`user_version = ${cut}`);
}
