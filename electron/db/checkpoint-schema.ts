import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Signed ledger checkpoints (part of the one schema, re-exported by schema.ts, which drizzle-kit reads).

/**
 * A device's chain head signed with its auditor's key, in the spirit of RFC 9162's signed tree heads:
 * made whenever an audit is finalised, a report is issued or a bundle is exported. Rewriting an entry
 * at or before `seq` changes the hash at `seq`, which no one can sign again without that key.
 * Append-only (triggers in the migrations).
 */
export const ledgerCheckpoints = sqliteTable(
  'ledger_checkpoints',
  {
    deviceId: text('device_id').notNull(),
    seq: integer('seq').notNull(),
    /** The hash of entry `seq` of the device's chain: the head that was signed. */
    hash: text('hash').notNull(),
    sealedAt: text('sealed_at').notNull(),
    /** The device's clock (HLC) when it sealed: every entry it writes later carries a later clock. */
    clock: text('clock').notNull(),
    /** Why it was made: finalise, report, bundle. */
    reason: text('reason').notNull(),
    signer: text('signer').notNull(),
    /** SHA-256 of the signer's DER certificate. */
    fingerprint: text('fingerprint').notNull(),
    /** The signer's certificate, DER in base64. */
    certificate: text('certificate').notNull(),
    /** RSA-SHA256 (PKCS#1 v1.5) over the checkpoint's canonical statement, base64. */
    signature: text('signature').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.seq, t.fingerprint] }), index('ledger_checkpoints_device_idx').on(t.deviceId, t.seq)],
);
