import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits } from '../db/schema';
import type { RecordKind } from './types';

// For new-kind.test.ts only: a record kind as a later issue would add it (a debrief of an
// audit): its table and its descriptor, as its domain would write them (its service is in the test).
// It imports no service, so the registry can load it while the registry itself is loading.

export const retrospectives = sqliteTable(
  'debriefs',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    title: text('title').notNull(),
    wentWell: text('went_well').notNull().default(''),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('debriefs_audit_idx').on(t.auditId)],
);

/** What `npm run db:generate` would write for the table (the triggers come from the descriptor). */
export const retrospectivesTableSql =
  "CREATE TABLE `debriefs` (`id` text PRIMARY KEY NOT NULL, `audit_id` text NOT NULL, `title` text NOT NULL, `went_well` text DEFAULT '' NOT NULL, `created_at` text NOT NULL, `updated_at` text NOT NULL, FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action)";

export const retrospectiveRecords = [
  {
    entity: 'debriefs',
    table: retrospectives,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    linkTarget: { type: 'debrief' as never, label: "SELECT 'debrief: ' || title AS label FROM debriefs WHERE id = ?" },
    noun: 'debrief',
  },
] as const satisfies readonly RecordKind[];
