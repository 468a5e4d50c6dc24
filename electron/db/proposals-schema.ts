import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Decisions on template proposals (part of the one schema, re-exported by schema.ts). A proposal itself
// is computed from the findings and checklist results whenever it is asked for; only the auditor's
// decision on it is a record, so a proposal decided once is not offered again, on any laptop.

export const templateProposalDecisions = sqliteTable(
  'template_proposal_decisions',
  {
    id: text('id').primaryKey(),
    /** The proposal's key: its kind, template, control or item, and cause (electron/proposals/compute.ts). */
    proposalKey: text('proposal_key').notNull(),
    /** The checklist template it changes (checklist_templates; the registry declares the reference). */
    templateId: text('template_id').notNull(),
    /** new-item, stronger-wording, new-control-point. */
    kind: text('kind').notNull(),
    /** accepted or declined. */
    decision: text('decision').notNull(),
    /** What was proposed, in one line, as it was offered. */
    summary: text('summary').notNull(),
    /** Why it was declined (required), or a note on acceptance. */
    reason: text('reason').notNull().default(''),
    /** The publish reason an accepted proposal gives the template's next version: it names the findings behind it. */
    publishReason: text('publish_reason').notNull().default(''),
    /** The findings and failures behind it, as they were when decided. */
    evidence: text('evidence', { mode: 'json' }).$type<unknown>().notNull(),
    decidedAt: text('decided_at').notNull(),
    decidedBy: text('decided_by').notNull(),
  },
  // Not unique: two laptops may decide the same proposal before they sync; both decisions are kept.
  (t) => [index('template_proposal_decisions_key_idx').on(t.proposalKey), index('template_proposal_decisions_template_idx').on(t.templateId)],
);
