import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits, reports } from './schema';

// Who may read a report and how long it is kept: the approval of an external edition, the list of
// who received each report, the retention policies and each audit's choice of one, and the removal of
// a report from the archive. Part of the one schema (re-exported by schema.ts, which drizzle-kit reads).

/** The library's retention policies (SOX 7 years, HIPAA 6 years, …): editable, the shipped ones seeded with fixed ids. */
export const retentionPolicies = sqliteTable('retention_policies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  years: integer('years').notNull(),
  basis: text('basis').notNull().default(''),
  retired: integer('retired', { mode: 'boolean' }).notNull().default(false),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** An audit's choice of retention policy, as a log: the latest holds; each report takes the one holding as it is issued. */
export const auditRetention = sqliteTable(
  'audit_retention',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    policyId: text('policy_id').notNull().references(() => retentionPolicies.id),
    /** The policy as chosen (it can be edited later): its name and years. */
    policyName: text('policy_name').notNull(),
    years: integer('years').notNull(),
    chosenBy: text('chosen_by').notNull(),
    chosenAt: text('chosen_at').notNull(),
  },
  (t) => [index('audit_retention_audit_idx').on(t.auditId)],
);

/**
 * A compliance or legal reviewer's approval of an audit's external edition, never edited. It approves
 * the external edition as it stood: `editionDigest` is the SHA-256 of what that edition shows, so an
 * edit made afterwards to anything it shows leaves the approval standing for the old content only.
 */
export const reportApprovals = sqliteTable(
  'report_approvals',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    reviewer: text('reviewer').notNull(),
    role: text('role').notNull(),
    comment: text('comment').notNull().default(''),
    approvedAt: text('approved_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    editionDigest: text('edition_digest').notNull(),
    /** What the approved edition held, in words ("3 findings shown, 1 withheld; 2 releases; 4 evidence"). */
    approvedContent: text('approved_content').notNull(),
  },
  (t) => [index('report_approvals_audit_idx').on(t.auditId)],
);

/** Who received which issued report, as a log: an entry is corrected (or withdrawn) by a later one. */
export const reportDistribution = sqliteTable(
  'report_distribution',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    reportId: text('report_id').notNull().references(() => reports.id),
    name: text('name').notNull(),
    role: text('role').notNull().default(''),
    organisation: text('organisation').notNull().default(''),
    sentOn: text('sent_on').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: text('recorded_at').notNull(),
    correctsId: text('corrects_id'),
    /** A correction that says the entry was a mistake: nobody received it. */
    withdrawn: integer('withdrawn', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('report_distribution_report_idx').on(t.reportId), index('report_distribution_audit_idx').on(t.auditId)],
);

/** A report taken out of the archive once its retention date has passed: who, when, why. */
export const reportRemovals = sqliteTable(
  'report_removals',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    reportId: text('report_id').notNull().references(() => reports.id),
    removedBy: text('removed_by').notNull(),
    removedAt: text('removed_at').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('report_removals_report_idx').on(t.reportId)],
);
