import { bigint, bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// The team hub's PostgreSQL schema (drizzle's PostgreSQL dialect; drizzle.hub.config.ts, migrations
// in migrations/hub/). The hub holds what the department's laptops sent: every ledger entry as it
// was signed, the evidence objects by their SHA-256 (one copy for the whole department), who may
// use the hub, who is on which audit (recorded in the ledger, see electron/hub/members.ts), the
// archive of issued reports with their retention, and the log of every access. Triggers and the
// writer role (migrations/hub/*_protections.sql) keep the ledger, the archive under retention and the
// access log from being changed or removed, even by a database user of the app.

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** One row per fact about this hub: its device id, when it was made. */
export const hubMeta = pgTable('hub_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Every ledger entry the hub accepted, as the laptop signed it (the bundle's line): never changed, never removed. */
export const hubEntries = pgTable(
  'hub_entries',
  {
    deviceId: text('device_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hlc: text('hlc').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    /** The audit the entry's record belongs to (null for library records). */
    auditId: text('audit_id'),
    hash: text('hash').notNull(),
    prevHash: text('prev_hash').notNull(),
    entry: jsonb('entry').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** The bundle it arrived in (null: written on the hub itself, such as a membership). */
    bundleId: text('bundle_id'),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.seq] }), index('hub_entries_audit_idx').on(t.auditId), index('hub_entries_record_idx').on(t.entity, t.entityId)],
);

/** An evidence object or report, named by its SHA-256: stored once for the whole department. */
export const hubObjects = pgTable('hub_objects', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  storedAt: timestamp('stored_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An object's bytes in pieces of up to 1 MiB, so that none is read or written whole. */
export const hubObjectChunks = pgTable(
  'hub_object_chunks',
  {
    sha256: text('sha256')
      .notNull()
      .references(() => hubObjects.sha256),
    n: integer('n').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.n] })],
);

/** The auditors' keys this hub accepts (by fingerprint), and whether each may bring a new audit to the hub. */
export const hubAuditors = pgTable('hub_auditors', {
  fingerprint: text('fingerprint').primaryKey(),
  name: text('name').notNull(),
  /** The certificate (base64 DER) as first presented with a signed request. */
  certificate: text('certificate'),
  mayOpenAudits: boolean('may_open_audits').notNull().default(false),
  addedBy: text('added_by').notNull(),
  addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** An issued report archived on the hub, kept until its retention date. */
export const hubArchive = pgTable(
  'hub_archive',
  {
    reportId: text('report_id').primaryKey(),
    auditId: text('audit_id').notNull(),
    sha256: text('sha256')
      .notNull()
      .references(() => hubObjects.sha256),
    kind: text('kind').notNull(),
    retainUntil: timestamp('retain_until', { withTimezone: true }).notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hub_archive_audit_idx').on(t.auditId)],
);

/** Which object is kept until when, and why (a report, or evidence of a reported audit). */
export const hubRetention = pgTable(
  'hub_retention',
  {
    sha256: text('sha256')
      .notNull()
      .references(() => hubObjects.sha256),
    reportId: text('report_id')
      .notNull()
      .references(() => hubArchive.reportId),
    auditId: text('audit_id').notNull(),
    reason: text('reason').notNull(),
    retainUntil: timestamp('retain_until', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.reportId] }), index('hub_retention_object_idx').on(t.sha256)],
);

/** Every request to the hub: who, what, and what came of it. Never changed, never removed. */
export const hubAccessLog = pgTable(
  'hub_access_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    fingerprint: text('fingerprint'),
    actor: text('actor'),
    remote: text('remote'),
    method: text('method').notNull(),
    path: text('path').notNull(),
    auditId: text('audit_id'),
    status: integer('status').notNull(),
    outcome: text('outcome').notNull(),
    detail: text('detail').notNull().default(''),
  },
  (t) => [index('hub_access_log_at_idx').on(t.at), index('hub_access_log_audit_idx').on(t.auditId)],
);

/** The bundles pushed to the hub and what each brought. */
export const hubPushes = pgTable(
  'hub_pushes',
  {
    bundleId: text('bundle_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
    deviceId: text('device_id').notNull(),
    auditId: text('audit_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    entries: integer('entries').notNull(),
    newEntries: integer('new_entries').notNull(),
    objects: integer('objects').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bundleId, t.fingerprint] })],
);

/** Who may open the department's read-only web view: a token's SHA-256 (the token is shown once). */
export const hubViewers = pgTable('hub_viewers', {
  tokenSha256: text('token_sha256').primaryKey(),
  name: text('name').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});


/** The nonce of every signed request the hub took: a request replayed, even after a restart, is refused. */
export const hubNonces = pgTable('hub_nonces', {
  nonce: text('nonce').primaryKey(),
  signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
});
