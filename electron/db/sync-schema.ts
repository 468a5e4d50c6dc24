import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// The tables sync keeps beside the records: none of them goes through the ledger. Part of the one
// schema (re-exported by schema.ts, which drizzle-kit reads).

/**
 * Entries of another device's chain that concern audits not shared with this laptop: their place in
 * the chain (so the chain still verifies end to end), never their contents.
 */
export const ledgerStubs = sqliteTable(
  'ledger_stubs',
  {
    deviceId: text('device_id').notNull(),
    seq: integer('seq').notNull(),
    hlc: text('hlc').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.seq] })],
);

/** Up to which entry of each device's chain this laptop holds everything that concerns an audit. */
export const syncSeen = sqliteTable(
  'sync_seen',
  {
    auditId: text('audit_id').notNull(),
    deviceId: text('device_id').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.auditId, t.deviceId] })],
);

/** What each peer said it held, in the last bundle it sent: the start of a delta for it. */
export const syncPeerSeen = sqliteTable(
  'sync_peer_seen',
  {
    peerDeviceId: text('peer_device_id').notNull(),
    auditId: text('audit_id').notNull(),
    deviceId: text('device_id').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.peerDeviceId, t.auditId, t.deviceId] })],
);

/** Laptops this one has received bundles from. */
export const syncPeers = sqliteTable('sync_peers', {
  deviceId: text('device_id').primaryKey(),
  actor: text('actor').notNull(),
  fingerprint: text('fingerprint').notNull(),
  lastBundleAt: text('last_bundle_at').notNull(),
  lastImportAt: text('last_import_at').notNull(),
});

/** Keys whose bundles are accepted, and keys revoked. Bundles signed by any other key are refused. */
export const trustedKeys = sqliteTable('trusted_keys', {
  fingerprint: text('fingerprint').primaryKey(),
  certificate: text('certificate').notNull(),
  subject: text('subject').notNull(),
  status: text('status').notNull(),
  addedAt: text('added_at').notNull(),
  addedBy: text('added_by').notNull(),
  revokedAt: text('revoked_at'),
  revokedBy: text('revoked_by'),
});

/** Every bundle imported here: importing one again changes nothing. */
export const syncImports = sqliteTable('sync_imports', {
  bundleId: text('bundle_id').primaryKey(),
  fileSha256: text('file_sha256').notNull(),
  auditId: text('audit_id').notNull(),
  fromDeviceId: text('from_device_id').notNull(),
  actor: text('actor').notNull(),
  fingerprint: text('fingerprint').notNull(),
  createdAt: text('created_at').notNull(),
  importedAt: text('imported_at').notNull(),
  importedBy: text('imported_by').notNull(),
  newEntries: integer('new_entries').notNull(),
  newObjects: integer('new_objects').notNull(),
});

/**
 * Edits that lost to a concurrent one, derived from the ledger after every merge (the same on every
 * laptop that holds the same entries). Both values are kept here and in the ledger.
 */
export const syncConflicts = sqliteTable(
  'sync_conflicts',
  {
    id: text('id').primaryKey(),
    auditId: text('audit_id'),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    field: text('field').notNull(),
    kind: text('kind').notNull(),
    winnerValue: text('winner_value', { mode: 'json' }).$type<unknown>(),
    winnerHlc: text('winner_hlc'),
    winnerActor: text('winner_actor'),
    loserValue: text('loser_value', { mode: 'json' }).$type<unknown>(),
    loserHlc: text('loser_hlc').notNull(),
    loserActor: text('loser_actor').notNull(),
    loserDeviceId: text('loser_device_id').notNull(),
  },
  (t) => [index('sync_conflicts_audit_idx').on(t.auditId)],
);

/**
 * Which key signs each device's own bundles: set by the first bundle that comes from the device, and
 * never changed afterwards (a bundle claiming the device under another key is refused).
 */
export const deviceKeys = sqliteTable('device_keys', {
  deviceId: text('device_id').primaryKey(),
  fingerprint: text('fingerprint').notNull(),
  actor: text('actor').notNull(),
  boundAt: text('bound_at').notNull(),
  boundBy: text('bound_by').notNull(),
});

/**
 * Every trust decision (trust, revoke) and device binding made here, in order, each chained to the
 * one before and signed with this laptop's own key, so that verify can tell a row written behind the
 * app's back. trusted_keys and device_keys must say what this log says. Append-only.
 */
export const trustLog = sqliteTable('trust_log', {
  seq: integer('seq').primaryKey(),
  kind: text('kind').notNull(),
  subject: text('subject').notNull(),
  detail: text('detail').notNull(),
  at: text('at').notNull(),
  by: text('by').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  signedBy: text('signed_by'),
  signature: text('signature'),
});

/** Which part of each device's chain each imported bundle added here, and through which laptop. */
export const syncReceived = sqliteTable(
  'sync_received',
  {
    bundleId: text('bundle_id').notNull(),
    deviceId: text('device_id').notNull(),
    /** The bundle vouched for entries from_seq + 1 to to_seq, and added those from new_from on. */
    fromSeq: integer('from_seq').notNull(),
    newFrom: integer('new_from').notNull(),
    toSeq: integer('to_seq').notNull(),
    viaDeviceId: text('via_device_id').notNull(),
    viaFingerprint: text('via_fingerprint').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bundleId, t.deviceId] }), index('sync_received_device_idx').on(t.deviceId)],
);

/**
 * Two versions of one stretch of a device's chain: the one kept out of the ledger is held here for a
 * person to see, with the laptop that relayed it. Append-only.
 */
export const syncForks = sqliteTable('sync_forks', {
  id: text('id').primaryKey(),
  deviceId: text('device_id').notNull(),
  fromSeq: integer('from_seq').notNull(),
  toSeq: integer('to_seq').notNull(),
  outcome: text('outcome').notNull(),
  relayedByDeviceId: text('relayed_by_device_id').notNull(),
  relayedByActor: text('relayed_by_actor').notNull(),
  relayedByFingerprint: text('relayed_by_fingerprint').notNull(),
  bundleId: text('bundle_id').notNull(),
  detectedAt: text('detected_at').notNull(),
  entries: text('entries').notNull(),
});
