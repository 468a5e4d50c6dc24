import { sql } from 'drizzle-orm';
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits, releases } from './audit-schema';

// Retrospectives with their action items, training needs of findings, and calibration sessions.
// Part of the one schema (re-exported by schema.ts, which drizzle-kit reads).

/** A retrospective of an audit cycle, or of one of its releases. */
export const retrospectives = sqliteTable(
  'retrospectives',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    releaseId: text('release_id').references(() => releases.id),
    title: text('title').notNull(),
    heldOn: text('held_on'),
    participants: text('participants', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    wentWell: text('went_well').notNull().default(''),
    wentBadly: text('went_badly').notNull().default(''),
    findingIds: text('finding_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('retrospectives_audit_idx').on(t.auditId)],
);

/**
 * An action item. It belongs to the audit whose cycle holds it (and freezes with it); an action still
 * open when a later cycle takes it up continues there as a new item of that later audit with the same
 * `thread_id` (the id of the thread's first item): a thread, not a reference, since a record never
 * points into another audit.
 */
export const retroActions = sqliteTable(
  'retro_actions',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    retrospectiveId: text('retrospective_id').references(() => retrospectives.id),
    threadId: text('thread_id').notNull(),
    text: text('text').notNull(),
    owner: text('owner').notNull().default(''),
    dueOn: text('due_on'),
    status: text('status').notNull().default('open'),
    dropReason: text('drop_reason').notNull().default(''),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('retro_actions_audit_idx').on(t.auditId), index('retro_actions_thread_idx').on(t.threadId)],
);

/** A training need a finding shows, for one role. */
export const trainingNeeds = sqliteTable(
  'training_needs',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    // No foreign key: findings live in schema.ts, which re-exports this file (the registry declares the reference).
    findingId: text('finding_id').notNull(),
    role: text('role').notNull(),
    note: text('note').notNull().default(''),
    status: text('status').notNull().default('planned'),
    plannedOn: text('planned_on'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('training_needs_audit_idx').on(t.auditId), index('training_needs_finding_idx').on(t.findingId)],
);

/** A calibration session between auditors and a release team: the interpretation agreed per control. */
export const calibrationSessions = sqliteTable(
  'calibration_sessions',
  {
    id: text('id').primaryKey(),
    heldOn: text('held_on').notNull(),
    auditors: text('auditors', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    releaseTeam: text('release_team', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    controlIds: text('control_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    interpretations: text('interpretations', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    notes: text('notes').notNull().default(''),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('calibration_sessions_held_idx').on(t.heldOn)],
);
