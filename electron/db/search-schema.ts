import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// The full-text index's own tables (part of the one schema, re-exported by schema.ts). They are
// derived from the records and the vault on this laptop, never in the ledger nor in a bundle; the
// FTS5 table over `search_docs` and the triggers that keep it current are in the migrations.

/**
 * One searchable document: a record's text (a finding, an interview, a note, a war-room entry, a
 * piece of evidence), a piece of evidence's file text (`part` 1), or one line of an imported file.
 * `id` is the FTS5 table's rowid.
 */
export const searchDocs = sqliteTable(
  'search_docs',
  {
    id: integer('id').primaryKey(),
    /** finding, interview, note, evidence, log-line, warroom (shared/api/search.ts hitTypes). */
    type: text('type').notNull(),
    /** The record to open: the finding, interview, note, entry or evidence (for a log line, its file's evidence). */
    recordId: text('record_id').notNull(),
    /** 0: the record's own fields; 1: the evidence file's text. */
    part: integer('part').notNull().default(0),
    auditId: text('audit_id').notNull(),
    /** The interview of a note, the release of a war-room entry. */
    parentId: text('parent_id'),
    importId: text('import_id'),
    line: integer('line'),
    title: text('title').notNull().default(''),
    body: text('body').notNull().default(''),
  },
  (t) => [index('search_docs_record_idx').on(t.recordId, t.type, t.part), index('search_docs_import_idx').on(t.importId, t.line)],
);

/** What of the vault has been read into the index: a piece of evidence's text, an import's lines. */
export const searchSources = sqliteTable('search_sources', {
  /** `evidence:<id>` or `import:<id>`. */
  source: text('source').primaryKey(),
  /** done, or skipped (not text, too large, or read as an import's lines). */
  state: text('state').notNull(),
  /** Lines read into the index (imports). */
  lines: integer('lines').notNull().default(0),
  indexedAt: text('indexed_at').notNull(),
});
