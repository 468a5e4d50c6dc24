import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { undoMigration } from '../../tests/helpers/undo-migration';
import { createAudit } from '../audits/service';
import { readJournal } from '../db/database';
import { createFinding } from '../findings/service';
import { addInterviewNote, createInterview } from '../interviews/service';
import { sourceRoot } from '../paths';
import { verifyAll } from '../system/verify';
import { searchQuery } from './service';

// A data folder made before the search index existed: the migration indexes what it already holds.

/** The app's migrations folder as it was before the search index (its journal cut before the search index's first migration). */
function migrationsBeforeSearch(): string {
  const folder = path.join(tempDir(), 'migrations');
  fs.cpSync(path.join(sourceRoot, 'migrations'), folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  const cut = journal.entries.findIndex((e) => e.tag.endsWith('_search_index'));
  for (const entry of journal.entries.slice(cut)) fs.rmSync(path.join(folder, `${entry.tag}.sql`));
  fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return folder;
}

describe('upgrading a data folder to the search index', () => {
  it('finds the findings, interviews and notes written before it', async () => {
    const dataDir = tempDir();
    const old = testCore({ dataDir, appRoot: sourceRoot });
    const audit = createAudit(old, { name: 'Before search', description: '' });
    const finding = createFinding(old, { auditId: audit.id, title: 'Runbook unsigned', severity: 'major' });
    const interview = createInterview(old, { auditId: audit.id, interviewee: 'Sam Ops' });
    const note = addInterviewNote(old, { interviewId: interview.id, text: 'Pager rotation skipped the weekend' });
    old.close();
    // Put the database back as the older app left it: the index's tables and triggers gone, its migrations not applied.
    const folder = migrationsBeforeSearch();
    const sqlite = new Database(path.join(dataDir, 'release-audit.db'));
    for (const { name } of sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'").all() as Array<{ name: string }>) sqlite.exec(`DROP TRIGGER "${name}"`);
    sqlite.exec('DROP TABLE search_fts; DROP TABLE search_docs; DROP TABLE search_sources;');
    // What the migrations after the index's added goes too, so they run again on top of it as they did in the field.
    const newer = readJournal(path.join(sourceRoot, 'migrations')).slice(readJournal(folder).length);
    for (const entry of [...newer].reverse()) {
      if (!entry.tag.includes('search')) undoMigration(sqlite, fs.readFileSync(path.join(sourceRoot, 'migrations', `${entry.tag}.sql`), 'utf8'));
      sqlite.prepare('DELETE FROM __drizzle_migrations WHERE created_at = ?').run(entry.when);
    }
    sqlite.pragma(`user_version = ${readJournal(folder).length}`);
    expect(sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'").get()).toEqual({ n: 0 });
    sqlite.close();
    const core = testCore({ dataDir });
    expect((await searchQuery(core, { query: 'runbook', auditId: audit.id, limit: 20, offset: 0 })).hits.map((h) => h.id)).toEqual([finding.id]);
    expect((await searchQuery(core, { query: 'pager weekend', auditId: null, limit: 20, offset: 0 })).hits.map((h) => [h.type, h.id])).toEqual([['note', note.id]]);
    expect((await searchQuery(core, { query: 'sam', auditId: null, limit: 20, offset: 0 })).hits.map((h) => h.type)).toEqual(['interview']);
    expect((await verifyAll(core)).problems).toEqual([]);
  });
});
