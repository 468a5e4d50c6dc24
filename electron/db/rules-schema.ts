import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits, releases } from './audit-schema';

// Rule packs (versioned YAML rules that read imported facts), the version each audit is pinned to,
// and the findings the rules drafted for the auditor to confirm or dismiss. Part of the one schema
// (re-exported by schema.ts).

/** A rule pack: a name and description; its rules live in its published versions. */
export const rulePacks = sqliteTable('rule_packs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** One published version of a pack: its YAML text as saved, and the rules read from it. Never changed. */
export const rulePackVersions = sqliteTable(
  'rule_pack_versions',
  {
    id: text('id').primaryKey(),
    packId: text('pack_id').notNull().references(() => rulePacks.id),
    version: integer('version').notNull(),
    /** The pack as shared/api/rules.ts PackContent describes it. */
    content: text('content', { mode: 'json' }).$type<unknown>().notNull(),
    /** The YAML text it was saved from, for the editor and for review. */
    source: text('source').notNull(),
    publishedAt: text('published_at').notNull(),
    publishedBy: text('published_by').notNull(),
    reason: text('reason').notNull().default(''),
  },
  (t) => [index('rule_pack_versions_pack_idx').on(t.packId, t.version)],
);

/** Which pack version an audit's rules run with (one row per audit; its id is the audit's id). */
export const auditRulePins = sqliteTable('audit_rule_pins', {
  id: text('id')
    .primaryKey()
    .references(() => audits.id),
  packVersionId: text('pack_version_id').notNull().references(() => rulePackVersions.id),
  pinnedAt: text('pinned_at').notNull(),
  pinnedBy: text('pinned_by').notNull(),
});

/** A finding a rule drafted from facts, waiting for the auditor: confirmed into a finding, or dismissed with a reason. */
export const ruleDrafts = sqliteTable(
  'rule_drafts',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    releaseId: text('release_id').references(() => releases.id),
    packVersionId: text('pack_version_id').notNull().references(() => rulePackVersions.id),
    /** The pack, the rule and what it looked at: the same rule on the same facts drafts once. */
    packId: text('pack_id').notNull(),
    ruleId: text('rule_id').notNull(),
    subjectKey: text('subject_key').notNull(),
    severity: text('severity').notNull(),
    title: text('title').notNull(),
    criteria: text('criteria').notNull(),
    condition: text('condition').notNull(),
    controlId: text('control_id'),
    effect: text('effect').notNull().default(''),
    recommendation: text('recommendation').notNull().default(''),
    /** The facts that prove it: [{ factId, importId, evidenceId, kind, lines: [from, to] }]. */
    proof: text('proof', { mode: 'json' }).$type<unknown[]>().notNull(),
    state: text('state').notNull().default('draft'),
    dismissReason: text('dismiss_reason').notNull().default(''),
    findingId: text('finding_id'),
    draftedAt: text('drafted_at').notNull(),
    draftedBy: text('drafted_by').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by').notNull().default(''),
  },
  (t) => [index('rule_drafts_audit_idx').on(t.auditId, t.ruleId, t.subjectKey), index('rule_drafts_release_idx').on(t.releaseId)],
);
