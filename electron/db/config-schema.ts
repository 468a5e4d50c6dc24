import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits } from './audit-schema';

// What an audit leaves out when it compares configuration files (environment parity): its ignore
// list of path patterns. Part of the one schema (re-exported by schema.ts).

/** An audit's ignore list (one row per audit; its id is the audit's id). No row: the shipped default list. */
export const auditConfigIgnores = sqliteTable('audit_config_ignores', {
  id: text('id')
    .primaryKey()
    .references(() => audits.id),
  /** Path patterns (`**.replicas`, `*.host`) and key names (`DB_PASSWORD`). */
  patterns: text('patterns', { mode: 'json' }).$type<string[]>().notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});
