import type Database from 'better-sqlite3';

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
