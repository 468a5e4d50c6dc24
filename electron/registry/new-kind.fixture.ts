import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits } from '../db/schema';
import type { RecordKind } from './types';

// For new-kind.test.ts only: a record kind as a later issue would add it (a retrospective of an
// audit): its table and its descriptor, as its domain would write them (its service is in the test).
// It imports no service, so the registry can load it while the registry itself is loading.

export const retrospectives = sqliteTable(
  'retrospectives',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    title: text('title').notNull(),
    wentWell: text('went_well').notNull().default(''),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('retrospectives_audit_idx').on(t.auditId)],
);

/** What `npm run db:generate` would write for the table (the triggers come from the descriptor). */
export const retrospectivesTableSql =
  "CREATE TABLE `retrospectives` (`id` text PRIMARY KEY NOT NULL, `audit_id` text NOT NULL, `title` text NOT NULL, `went_well` text DEFAULT '' NOT NULL, `created_at` text NOT NULL, `updated_at` text NOT NULL, FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action)";

export const retrospectiveRecords = [
  {
    entity: 'retrospectives',
    table: retrospectives,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    linkTarget: { type: 'retrospective' as never, label: "SELECT 'retrospective: ' || title AS label FROM retrospectives WHERE id = ?" },
    noun: 'retrospective',
  },
] as const satisfies readonly RecordKind[];
