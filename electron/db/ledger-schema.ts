import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// The signed ledger: every change as an entry, the head of each writer's chain, the clock of each
// field last written, and the conflicts a person has settled. Nothing here points at another table.

/** Append-only, hash-chained record of every change, one chain per device. */
export const ledger = sqliteTable(
  'ledger',
  {
    deviceId: text('device_id').notNull(),
    seq: integer('seq').notNull(),
    hlc: text('hlc').notNull(),
    actor: text('actor').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op').notNull(),
    fields: text('fields').notNull(),
    prevClocks: text('prev_clocks').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.deviceId, t.seq] }),
    index('ledger_entity_idx').on(t.entity, t.entityId),
    index('ledger_hlc_idx').on(t.hlc),
  ],
);

/** The newest entry of each device's chain, so that removing entries from the end is detected. */
export const ledgerHeads = sqliteTable('ledger_heads', {
  deviceId: text('device_id').primaryKey(),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
});

/** The clock of the value each field holds now: what a later write (or a merge) overwrites. */
export const fieldClocks = sqliteTable(
  'field_clocks',
  {
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    field: text('field').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.entityId, t.field] })],
);

/** A person's decision on a sync conflict (its id is the conflict's): keep the winner, or take the other value. */
export const conflictResolutions = sqliteTable('conflict_resolutions', {
  id: text('id').primaryKey(),
  /** Null for a conflict over a library record (a control, a template). */
  auditId: text('audit_id'),
  decision: text('decision').notNull(),
  value: text('value', { mode: 'json' }).$type<unknown>(),
  resolvedBy: text('resolved_by').notNull(),
  resolvedAt: text('resolved_at').notNull(),
});

// Sync bookkeeping (stubs, what each laptop has seen, peers, keys, imports, derived conflicts).
// Machine evidence read into facts: each import names the piece of evidence that holds the raw
// file (kept whole in the vault), and each fact names the lines of that file it was read from.
