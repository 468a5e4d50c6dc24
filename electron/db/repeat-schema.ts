import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// What repeat detection reads instead of every earlier finding of a control (part of the one schema,
// re-exported by schema.ts). Both tables are derived on this laptop from the findings (kept in step by
// the triggers of the migration that made them, which also filled them for an existing folder), never
// in the ledger nor in a bundle. Only raised findings (every status but draft) that name a control
// count; `control_key` is lower(control_id).

/** How many raised findings of one audit give one control one cause text, with the audit's creation time. */
export const findingCauseGroups = sqliteTable(
  'finding_cause_groups',
  {
    controlKey: text('control_key').notNull(),
    cause: text('cause').notNull(),
    auditId: text('audit_id').notNull(),
    auditCreatedAt: text('audit_created_at').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.controlKey, t.cause, t.auditId] }),
    index('finding_cause_groups_time_idx').on(t.controlKey, t.cause, t.auditCreatedAt),
    index('finding_cause_groups_audit_idx').on(t.auditId),
    // The audits made after a finding's that name its control (whose repeat counts a write of it changes): a range, not every audit of the control.
    index('finding_cause_groups_control_time_idx').on(t.controlKey, t.auditCreatedAt),
  ],
);

/** How many raised findings, in every audit, give one control one cause text: the distinct causes a control has had. */
export const findingCauseTotals = sqliteTable(
  'finding_cause_totals',
  {
    controlKey: text('control_key').notNull(),
    cause: text('cause').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.controlKey, t.cause] })],
);

// The word index over the distinct causes (electron/findings/cause-words.ts): each cause's words, how many
// causes of the control have each word, and the causes not yet split into words. The triggers of the migration
// that made them queue a new distinct cause and take out one that is gone; the app splits a queued cause into
// words the first time repeat detection asks about its control (the words follow the app's own rule, which
// SQL cannot express).

/** One word of one distinct cause of a control. */
export const findingCauseWords = sqliteTable(
  'finding_cause_words',
  {
    controlKey: text('control_key').notNull(),
    word: text('word').notNull(),
    cause: text('cause').notNull(),
  },
  (t) => [primaryKey({ columns: [t.controlKey, t.word, t.cause] }), index('finding_cause_words_cause_idx').on(t.controlKey, t.cause)],
);

/** How many distinct causes of a control have a word: the rarest words of a cause are the ones looked up. */
export const findingCauseWordCounts = sqliteTable(
  'finding_cause_word_counts',
  {
    controlKey: text('control_key').notNull(),
    word: text('word').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.controlKey, t.word] })],
);

/** Distinct causes not yet split into words. */
export const findingCausesUnindexed = sqliteTable(
  'finding_causes_unindexed',
  {
    controlKey: text('control_key').notNull(),
    cause: text('cause').notNull(),
  },
  (t) => [primaryKey({ columns: [t.controlKey, t.cause] })],
);
