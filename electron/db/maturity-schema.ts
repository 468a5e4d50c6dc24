import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits } from './audit-schema';

// Maturity models (a draft and published versions, like checklist templates), and each audit's
// assessment against a pinned version: one judgement per criterion. Part of the one schema
// (re-exported by schema.ts, which drizzle-kit reads).

export const maturityModels = sqliteTable('maturity_models', {
  id: text('id').primaryKey(),
  key: text('key').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  draft: text('draft', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const maturityModelVersions = sqliteTable(
  'maturity_model_versions',
  {
    id: text('id').primaryKey(),
    modelId: text('model_id').notNull().references(() => maturityModels.id),
    version: integer('version').notNull(),
    content: text('content', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    publishedAt: text('published_at').notNull(),
    publishedBy: text('published_by').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('maturity_model_versions_model_idx').on(t.modelId)],
);

export const maturityAssessments = sqliteTable(
  'maturity_assessments',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    modelId: text('model_id').notNull().references(() => maturityModels.id),
    /** The model version the assessment was made against; a later version does not change it. */
    modelVersionId: text('model_version_id').notNull().references(() => maturityModelVersions.id),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('maturity_assessments_audit_idx').on(t.auditId)],
);

export const maturityJudgements = sqliteTable(
  'maturity_judgements',
  {
    id: text('id').primaryKey(),
    assessmentId: text('assessment_id').notNull().references(() => maturityAssessments.id),
    criterionId: text('criterion_id').notNull(),
    status: text('status').notNull().default('not-assessed'),
    note: text('note').notNull().default(''),
    evidenceIds: text('evidence_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    judgedAt: text('judged_at').notNull(),
    judgedBy: text('judged_by').notNull(),
  },
  (t) => [index('maturity_judgements_assessment_idx').on(t.assessmentId)],
);
