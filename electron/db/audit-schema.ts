import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Audits and their releases: the tables every other part of the schema refers to. Part of the one
// schema (re-exported by schema.ts, which drizzle-kit reads); in a file of their own so that the
// other schema files import them without importing schema.ts, which imports those files.

export const audits = sqliteTable('audits', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  status: text('status').notNull().default('planning'),
  templateVersionId: text('template_version_id'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
  finalisedAt: text('finalised_at'),
  /** The head of every device's chain when the audit was finalised: which edits the frozen audit holds. */
  finalisedHeads: text('finalised_heads', { mode: 'json' }).$type<Record<string, number>>(),
});

export const releases = sqliteTable(
  'releases',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    identifier: text('identifier').notNull(),
    system: text('system').notNull().default(''),
    services: text('services', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    environments: text('environments', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    windowStart: text('window_start'),
    windowEnd: text('window_end'),
    timeZone: text('time_zone').notNull().default('UTC'),
    riskClass: text('risk_class').notNull().default('medium'),
    emergency: integer('emergency', { mode: 'boolean' }).notNull().default(false),
    backoutPlan: text('backout_plan').notNull().default(''),
    riskAssessment: text('risk_assessment').notNull().default(''),
    sourceTag: text('source_tag').notNull().default(''),
    buildNumber: text('build_number').notNull().default(''),
    manifestVersion: text('manifest_version').notNull().default(''),
    runbookSignedBy: text('runbook_signed_by').notNull().default(''),
    runbookSignedAt: text('runbook_signed_at'),
    emergencyJustification: text('emergency_justification').notNull().default(''),
    postFactoApprovedBy: text('post_facto_approved_by').notNull().default(''),
    postFactoApprovedAt: text('post_facto_approved_at'),
    bypassedControls: text('bypassed_controls', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    emergencyReview: text('emergency_review', { mode: 'json' }).$type<unknown>(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('releases_audit_idx').on(t.auditId)],
);
