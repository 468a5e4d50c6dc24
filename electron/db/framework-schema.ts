import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Frameworks imported from outside (an OSCAL catalog), and the control library's mappings to their
// requirements. Part of the one schema (re-exported by schema.ts, which drizzle-kit reads).

export const importedFrameworks = sqliteTable('imported_frameworks', {
  id: text('id').primaryKey(),
  /** Where it came from: 'oscal-catalog'. */
  source: text('source').notNull(),
  /** The catalog's own UUID: the same catalog imported twice is one framework. */
  sourceUuid: text('source_uuid').notNull(),
  title: text('title').notNull(),
  version: text('version').notNull(),
  oscalVersion: text('oscal_version').notNull(),
  sha256: text('sha256').notNull(),
  /** Its requirements in catalog order: groups and controls with their parents, titles and statements. */
  requirements: text('requirements', { mode: 'json' }).$type<unknown[]>().notNull(),
  importedAt: text('imported_at').notNull(),
  importedBy: text('imported_by').notNull(),
});

export const frameworkMappings = sqliteTable(
  'framework_mappings',
  {
    id: text('id').primaryKey(),
    frameworkId: text('framework_id').notNull().references(() => importedFrameworks.id),
    requirementId: text('requirement_id').notNull(),
    controlId: text('control_id').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('framework_mappings_framework_idx').on(t.frameworkId)],
);
