import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits } from './audit-schema';

// An audit's licence policy: the SPDX licences it allows, sends for review and denies (one row per
// audit; its id is the audit's id). An audit without one uses the shipped default. Part of the one
// schema (re-exported by schema.ts).

export const licencePolicies = sqliteTable('licence_policies', {
  id: text('id')
    .primaryKey()
    .references(() => audits.id),
  allowed: text('allowed', { mode: 'json' }).$type<string[]>().notNull(),
  review: text('review', { mode: 'json' }).$type<string[]>().notNull(),
  denied: text('denied', { mode: 'json' }).$type<string[]>().notNull(),
  /** Why the audit's policy differs from the default (shown with it). */
  note: text('note').notNull().default(''),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});
