import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { audits, releases } from './audit-schema';

// The log-anomaly tables (part of the one schema, re-exported by schema.ts).

/**
 * What the template miner found in one imported log: derived on this laptop from the import's vault
 * file (which never changes), so it is a cache, never in the ledger nor a bundle. A release's later
 * comparison reads it instead of re-mining every earlier release's logs.
 */
export const logTemplateCache = sqliteTable('log_template_cache', {
  importId: text('import_id').primaryKey(),
  /** The miner settings and detection thresholds it was mined with; other settings mine again. */
  settingsKey: text('settings_key').notNull(),
  format: text('format').notNull(),
  lines: integer('lines').notNull(),
  /** [{ template, count, first, last }]: each template with its count and first and last line. */
  templates: text('templates', { mode: 'json' }).$type<unknown[]>().notNull(),
  /** [{ kind: 'error-burst' | 'time-gap', from, to, count?, seconds }]: what the lines alone show. */
  events: text('events', { mode: 'json' }).$type<unknown[]>().notNull(),
  minedAt: text('mined_at').notNull(),
});

/** An anomaly of a release's logs the auditor can raise as a finding (or dismiss), with the lines it rests on. */
export const logObservations = sqliteTable(
  'log_observations',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    releaseId: text('release_id').notNull().references(() => releases.id),
    /** The import (of the imports table) whose lines it rests on. */
    importId: text('import_id').notNull(),
    /** new-template, rate-jump, error-burst, time-gap (shared/api/logs.ts anomalyKinds). */
    kind: text('kind').notNull(),
    /** The same anomaly found again is not recorded twice. */
    subjectKey: text('subject_key').notNull(),
    title: text('title').notNull(),
    detail: text('detail').notNull().default(''),
    lineFrom: integer('line_from').notNull(),
    lineTo: integer('line_to').notNull(),
    /** open, raised, dismissed. */
    state: text('state').notNull().default('open'),
    findingId: text('finding_id'),
    dismissReason: text('dismiss_reason').notNull().default(''),
    notedAt: text('noted_at').notNull(),
    notedBy: text('noted_by').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
  },
  (t) => [uniqueIndex('log_observations_subject_idx').on(t.releaseId, t.subjectKey), index('log_observations_audit_idx').on(t.auditId)],
);
