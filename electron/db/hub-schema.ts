import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits } from './audit-schema';

// What a laptop keeps of the team hub: who is on each audit (written by the hub, recorded in the
// ledger, travelling like any record) and this laptop's own connection to a hub (never synced).
// Part of the one schema (re-exported by schema.ts, which drizzle-kit reads).

/** An auditor's place on an audit, as the team hub set it: one record per audit and key. */
export const auditMembers = sqliteTable(
  'audit_members',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id').notNull().references(() => audits.id),
    /** The SHA-256 fingerprint of the auditor's signing key. */
    fingerprint: text('fingerprint').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    setBy: text('set_by').notNull(),
    setAt: text('set_at').notNull(),
  },
  (t) => [index('audit_members_audit_idx').on(t.auditId), index('audit_members_fingerprint_idx').on(t.fingerprint)],
);

/** This laptop's team hub: where it is, the keys a person compared when connecting, how the last sync went. */
export const hubConnection = sqliteTable('hub_connection', {
  /** Always 'hub': a laptop syncs with one hub. */
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  name: text('name').notNull(),
  hubDeviceId: text('hub_device_id').notNull(),
  /** The hub's signing key (its bundles are imported as signed by it). */
  fingerprint: text('fingerprint').notNull(),
  /** The hub's TLS certificate as pinned when connecting (PEM). */
  tlsCertificate: text('tls_certificate').notNull(),
  tlsFingerprint: text('tls_fingerprint').notNull(),
  connectedAt: text('connected_at').notNull(),
  connectedBy: text('connected_by').notNull(),
  lastSyncAt: text('last_sync_at'),
  /** JSON of the last sync's outcome, or its error. */
  lastResult: text('last_result'),
  background: integer('background', { mode: 'boolean' }).notNull().default(true),
});
