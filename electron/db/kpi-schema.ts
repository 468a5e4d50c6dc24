import { index, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// What the KPI views read instead of every audit's records (part of the one schema, re-exported by
// schema.ts). Both tables are derived on this laptop, never in the ledger nor in a bundle: triggers on
// the source tables (checklist results, releases, tickets, sign-offs, war-room entries, findings,
// plans, audits) mark an audit dirty, and the next view recomputes the figures of the dirty audits only.

/** The audits whose figures are stale: a write to one of their records since their figures were kept. */
export const kpiDirty = sqliteTable('kpi_dirty', {
  auditId: text('audit_id').primaryKey(),
});

/**
 * One counted part of one KPI for one audit (and release, system, owner team and month): a numerator
 * over a denominator. A view adds the parts of the scope and period it shows. `dueOn` is set for the
 * parts that fall due with time (open findings): they count in the numerator once the day has passed.
 */
export const kpiFigures = sqliteTable(
  'kpi_figures',
  {
    auditId: text('audit_id').notNull(),
    releaseId: text('release_id').notNull().default(''),
    system: text('system').notNull().default(''),
    team: text('team').notNull().default(''),
    month: text('month').notNull(),
    kpi: text('kpi').notNull(),
    part: text('part').notNull().default(''),
    dueOn: text('due_on').notNull().default(''),
    numerator: real('numerator').notNull(),
    denominator: real('denominator').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.auditId, t.releaseId, t.team, t.month, t.kpi, t.part, t.dueOn] }),
    index('kpi_figures_kpi_idx').on(t.kpi, t.month),
    index('kpi_figures_system_idx').on(t.system, t.kpi),
  ],
);
