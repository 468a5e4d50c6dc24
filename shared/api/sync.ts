import { z } from 'zod';
import { Id, Sha256 } from './common';
import { defineMethod } from './define';
import { jobHandle } from './job-kit';

// Sync between laptops through signed bundle files: export, inspect, import, conflicts, trust.

const TrustState = z.enum(['own', 'trusted', 'revoked', 'unknown']);

export const SyncConflict = z.object({
  id: z.string(),
  auditId: z.string().nullable(),
  entity: z.string(),
  entityId: z.string(),
  /** The record in words (“finding “Backout untested””). */
  record: z.string(),
  field: z.string(),
  fieldLabel: z.string(),
  /** concurrent: two edits of one field; deleted: an edit of a record deleted elsewhere; frozen: an edit made after the audit was finalised elsewhere. */
  kind: z.enum(['concurrent', 'deleted', 'frozen']),
  current: z.object({ value: z.unknown(), actor: z.string().nullable(), at: z.string().nullable() }),
  other: z.object({ value: z.unknown(), actor: z.string(), deviceId: z.string(), at: z.string() }),
  canSwap: z.boolean(),
  /** Both values are lists that can be kept together ("Keep both"). */
  canCombine: z.boolean(),
  resolution: z.object({ decision: z.enum(['keep', 'swap', 'combine']), by: z.string(), at: z.string() }).nullable(),
});
export type SyncConflict = z.infer<typeof SyncConflict>;

/** Two versions of one stretch of a device's record: the one kept out of the ledger, with the laptop that relayed it. */
export const SyncFork = z.object({
  id: z.string(),
  deviceId: z.string(),
  /** Whose laptop the device is, when a bundle has come from it. */
  deviceActor: z.string().nullable(),
  fromSeq: z.number().int(),
  toSeq: z.number().int(),
  /** kept-out: a relayed version that contradicts what this laptop holds; replaced: a relayed version held here, replaced by the device's own. */
  outcome: z.enum(['kept-out', 'replaced']),
  relayedBy: z.object({ deviceId: z.string(), actor: z.string(), fingerprint: z.string() }),
  bundleId: z.string(),
  detectedAt: z.string(),
  /** The entries kept out, as they came (a stub shows only its place in the chain). */
  entries: z.array(z.object({ seq: z.number().int(), stub: z.boolean(), actor: z.string().nullable(), entity: z.string().nullable(), entityId: z.string().nullable(), op: z.string().nullable(), fields: z.unknown() })),
});
export type SyncFork = z.infer<typeof SyncFork>;

export const SyncStatus = z.object({
  deviceId: z.string(),
  actor: z.string(),
  identity: z.object({ name: z.string(), fingerprint: z.string() }).nullable(),
  ownHead: z.number().int(),
  peers: z.array(
    z.object({
      deviceId: z.string(),
      actor: z.string(),
      fingerprint: z.string(),
      trust: TrustState,
      lastBundleAt: z.string(),
      lastImportAt: z.string(),
      /** When the device's key was last replaced, endorsed by its old key (null: it signs with the key of its first bundle). */
      keyReplaced: z.object({ replacedAt: z.string(), at: z.string(), from: z.string(), sentence: z.string() }).nullable().default(null),
      /** Per audit: how far into this laptop's record the peer said it was, in its last bundle. */
      audits: z.array(
        z.object({
          auditId: z.string(),
          auditName: z.string(),
          seenOfOurs: z.number().int(),
          ourHead: z.number().int(),
          /** This laptop's changes to the audit (and to the shared library) the peer has not seen yet. */
          unsent: z.number().int(),
        }),
      ),
    }),
  ),
  keys: z.array(
    z.object({
      fingerprint: z.string(),
      subject: z.string(),
      status: z.enum(['trusted', 'revoked']),
      addedAt: z.string(),
      addedBy: z.string(),
      revokedAt: z.string().nullable(),
      revokedBy: z.string().nullable(),
    }),
  ),
  imports: z.array(
    z.object({
      bundleId: z.string(),
      auditId: z.string(),
      auditName: z.string(),
      fromDeviceId: z.string(),
      actor: z.string(),
      createdAt: z.string(),
      importedAt: z.string(),
      importedBy: z.string(),
      newEntries: z.number().int(),
      newObjects: z.number().int(),
    }),
  ),
  openConflicts: z.number().int(),
  forks: z.array(SyncFork),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const BundleSummary = z.object({
  bundleId: z.string(),
  audit: z.object({ id: z.string(), name: z.string() }),
  from: z.object({ deviceId: z.string(), actor: z.string() }),
  createdAt: z.string(),
  signer: z.object({
    fingerprint: z.string(),
    subject: z.string(),
    name: z.string(),
    trust: TrustState,
    revokedAt: z.string().nullable(),
    /** A new key of a device bound here to another: the old key's fingerprint, which endorsed it (then no person need compare it). */
    endorsedBy: z.string().nullish(),
  }),
  entries: z.number().int(),
  stubs: z.number().int(),
  objects: z.number().int(),
  newEntries: z.number().int(),
  alreadyImported: z.string().nullable(),
});
export type BundleSummary = z.infer<typeof BundleSummary>;

export const ImportResult = BundleSummary.extend({
  newObjects: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  conflicts: z.number().int(),
  newConflicts: z.number().int(),
  /** Stretches of a device's record this import kept out or replaced (listed in sync.status forks). */
  newForks: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ExportResult = z.object({
  downloadId: z.uuid(),
  fileName: z.string(),
  bytes: z.number().int(),
  bundleId: z.string(),
  auditName: z.string(),
  entries: z.number().int(),
  stubs: z.number().int(),
  objects: z.number().int(),
  forPeer: z.object({ deviceId: z.string(), actor: z.string() }).nullable(),
  /** The bundle starts from the beginning of the audit (no peer, or a peer that has not reported on it). */
  fromStart: z.boolean(),
});
export type ExportResult = z.infer<typeof ExportResult>;

/** The background work of sync, each kind with its result (followed with jobs.progress). */
export const syncJobs = { 'sync.export': ExportResult, 'sync.inspect': BundleSummary, 'sync.import': ImportResult };

const UploadId = z.uuid({ message: 'must be the id of an uploaded bundle' });

export const syncContract = {
  'sync.status': defineMethod({
    summary: 'This laptop’s device and key, the peers bundles came from and what each has seen, trusted keys, and recent imports.',
    input: z.strictObject({}).default({}),
    output: SyncStatus,
  }),
  'sync.startExport': defineMethod({
    summary: 'Write a signed bundle of an audit in the background (follow it with jobs.progress): all of it, or only what a peer has not seen.',
    input: z.strictObject({ auditId: Id, forPeer: z.string().trim().max(100).nullable().default(null) }),
    output: jobHandle('sync.export'),
  }),
  'sync.inspect': defineMethod({
    summary: 'Check an uploaded bundle without importing it: who signed it (and whether that key is trusted), which audit, what is new.',
    input: z.strictObject({ uploadId: UploadId }),
    output: BundleSummary,
  }),
  'sync.startInspect': defineMethod({
    summary: 'Check an uploaded bundle in the background (a large one takes a while); follow it with jobs.progress.',
    input: z.strictObject({ uploadId: UploadId }),
    output: jobHandle('sync.inspect'),
  }),
  'sync.startImport': defineMethod({
    summary: 'Import an uploaded bundle in the background. trustFingerprint trusts a new signer (after comparing fingerprints).',
    input: z.strictObject({ uploadId: UploadId, trustFingerprint: Sha256.optional() }),
    output: jobHandle('sync.import'),
  }),
  'sync.conflicts': defineMethod({
    summary: 'Edits that lost to a concurrent edit on another laptop, with both values, newest first.',
    input: z.strictObject({ auditId: Id.optional() }).default({}),
    output: z.array(SyncConflict),
  }),
  'sync.resolve': defineMethod({
    summary: 'Settle a conflict: keep the value that won, swap in the other one, or (two lists) combine them.',
    input: z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/, 'must be a conflict id'), decision: z.enum(['keep', 'swap', 'combine']) }),
    output: SyncConflict.nullable(),
  }),
  'sync.revokeKey': defineMethod({
    summary: 'Stop accepting bundles signed with a key.',
    input: z.strictObject({ fingerprint: Sha256 }),
    output: z.object({ revoked: z.literal(true) }),
  }),
  'sync.trustKey': defineMethod({
    summary: 'Accept bundles signed with a key that was revoked here.',
    input: z.strictObject({ fingerprint: Sha256 }),
    output: z.object({ trusted: z.literal(true) }),
  }),
};
