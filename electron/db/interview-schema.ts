import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits, releases } from './audit-schema';

// Interviews and their notes. Part of the one schema (re-exported by schema.ts, which drizzle-kit reads).

export const interviews = sqliteTable(
  'interviews',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    interviewee: text('interviewee').notNull(),
    role: text('role').notNull().default(''),
    team: text('team').notNull().default(''),
    interviewer: text('interviewer').notNull().default(''),
    scheduledAt: text('scheduled_at'),
    heldAt: text('held_at'),
    consent: integer('consent', { mode: 'boolean' }).notNull().default(false),
    /** Interviews are internal only: their content reaches an external report only when the auditor marks one shareable. */
    shareable: integer('shareable', { mode: 'boolean' }).notNull().default(false),
    notes: text('notes').notNull().default(''),
    status: text('status').notNull().default('planned'),
    questions: text('questions', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    tribalKnowledge: text('tribal_knowledge', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    followUps: text('follow_ups', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    controlIds: text('control_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    findingIds: text('finding_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    releaseId: text('release_id').references(() => releases.id),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('interviews_audit_idx').on(t.auditId)],
);

/**
 * What was said in an interview, as an append-only log: each note is kept as written, with who wrote it
 * and when, so notes taken on two laptops merge side by side. A note is corrected by a later one.
 */
export const interviewNotes = sqliteTable(
  'interview_notes',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    interviewId: text('interview_id').notNull().references(() => interviews.id),
    text: text('text').notNull(),
    author: text('author').notNull(),
    correctsId: text('corrects_id'),
    createdAt: text('created_at').notNull(),
  },
  // Notes page oldest first within their interview.
  (t) => [index('interview_notes_interview_idx').on(t.interviewId), index('interview_notes_audit_idx').on(t.auditId), index('interview_notes_page_idx').on(t.interviewId, t.createdAt, t.id)],
);
