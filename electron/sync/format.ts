import { z } from 'zod';
import { Checkpoint } from '../ledger/checkpoints';
import { entityNames } from '../ledger/entities';

// What a bundle's manifest.json and entries.jsonl may hold. Anything else is refused.

// The patterns once, for the schemas and for wellFormedFullEntry's check by hand.
const HEX64 = /^[0-9a-f]{64}$/;
const DEVICE_ID = /^[A-Za-z0-9-]{1,64}$/;
const HLC = /^\d{15}-\d{6}-[A-Za-z0-9-]{1,64}$/;

const Hex64 = z.string().regex(HEX64, 'must be a SHA-256 hash');
export const DeviceId = z.string().regex(DEVICE_ID, 'must be a device id');
const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Hlc = z.string().regex(HLC, 'must be a clock value');

export const BUNDLE_FORMAT = 'release-audit-bundle';
/**
 * 2: interview notes and "keep both" decisions. 3: the sender's signed ledger head. 4: the rotation
 * statements of the sender's device (written only by a laptop whose key was replaced; any other
 * bundle stays version 3, so laptops not updated yet still read it). Older versions are read too.
 */
export const BUNDLE_VERSION = 4;
/** The version of a bundle that carries no rotation statements. */
export const BUNDLE_VERSION_WITHOUT_ROTATIONS = 3;

/** A replaced key's statement that the device's next key is this certificate (see identity/identity-rotation.ts). */
export const KeyRotation = z.strictObject({
  kind: z.literal('release-audit-key-rotation'),
  deviceId: DeviceId,
  oldFingerprint: Hex64,
  newFingerprint: Hex64,
  newCertificate: z.base64().max(16_000),
  at: z.string().max(40),
  signature: z.base64().max(2_000),
});

export const Manifest = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(BUNDLE_VERSION)]),
  bundleId: z.uuid(),
  createdAt: z.string().max(40),
  appVersion: z.string().max(40),
  audit: z.strictObject({ id: z.string().min(1).max(100), name: z.string().max(500) }),
  from: z.strictObject({ deviceId: DeviceId, actor: z.string().max(200), fingerprint: Hex64 }),
  forDeviceId: DeviceId.nullable(),
  /** How far into each device's chain the exporter held everything about this audit. */
  have: z.record(DeviceId, Seq),
  /** The part of each device's chain the bundle carries: entries from + 1 to to. */
  ranges: z.array(z.strictObject({ deviceId: DeviceId, from: Seq, to: Seq })).max(100_000),
  counts: z.strictObject({ entries: Seq, stubs: Seq, objects: Seq }),
  files: z.array(z.strictObject({ name: z.string().regex(/^(entries\.jsonl|objects\/[0-9a-f]{64})$/), size: Seq, sha256: Hex64 })),
  /** The sender's own ledger head as it exported, signed with its key (version 3). */
  signedHead: Checkpoint.nullable().optional(),
  /** The sender's device's key rotations, oldest first, each signed by the key it replaces (version 4). */
  rotations: z.array(KeyRotation).max(100).optional(),
});
export type Manifest = z.infer<typeof Manifest>;

export const FullEntry = z.strictObject({
  deviceId: DeviceId,
  seq: Seq.min(1),
  hlc: Hlc,
  actor: z.string().max(200),
  // A kind of record the registry does not know is refused, never taken in whole.
  entity: z.enum(entityNames as [string, ...string[]], { error: 'is a kind of record this version of the app does not know' }),
  entityId: z.string().min(1).max(100),
  op: z.enum(['insert', 'update', 'delete']),
  fields: z.record(z.string().max(100), z.unknown()),
  prevClocks: z.record(z.string().max(100), Hlc.nullable()),
  prevHash: Hex64,
  hash: Hex64,
});
export type FullEntry = z.infer<typeof FullEntry>;

const FULL_ENTRY_KEYS = new Set(Object.keys(FullEntry.shape));
const ENTITY_NAMES = new Set<string>(entityNames);
const OPS = new Set(['insert', 'update', 'delete']);
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/** A copy of a record whose keys are all at most 100 characters (and none is __proto__), as FullEntry's records give it; null for any other. */
function recordCopy(value: unknown, valid: (item: unknown) => boolean): Record<string, unknown> | null {
  if (!isPlainObject(value)) return null;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (key.length > 100 || key === '__proto__' || !valid(item)) return null;
    copy[key] = item;
  }
  return copy;
}

/**
 * FullEntry.safeParse's data for a well-formed entry (parsed JSON), checked by hand: the same object,
 * key for key and in the same order, about ten times faster than the schema. Null for anything it
 * is not sure of, which the schema then reads (and explains, if it is malformed).
 */
export function wellFormedFullEntry(json: unknown): FullEntry | null {
  if (!isPlainObject(json)) return null;
  let keys = 0;
  for (const key in json) {
    if (!Object.hasOwn(json, key) || !FULL_ENTRY_KEYS.has(key)) return null;
    keys += 1;
  }
  if (keys !== FULL_ENTRY_KEYS.size) return null;
  const { deviceId, seq, hlc, actor, entity, entityId, op, prevHash, hash } = json;
  if (typeof deviceId !== 'string' || !DEVICE_ID.test(deviceId)) return null;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return null;
  if (typeof hlc !== 'string' || !HLC.test(hlc)) return null;
  if (typeof actor !== 'string' || actor.length > 200) return null;
  if (typeof entity !== 'string' || !ENTITY_NAMES.has(entity)) return null;
  if (typeof entityId !== 'string' || entityId.length < 1 || entityId.length > 100) return null;
  if (typeof op !== 'string' || !OPS.has(op)) return null;
  if (typeof prevHash !== 'string' || !HEX64.test(prevHash) || typeof hash !== 'string' || !HEX64.test(hash)) return null;
  const fields = recordCopy(json.fields, () => true);
  const prevClocks = recordCopy(json.prevClocks, (clock) => clock === null || (typeof clock === 'string' && HLC.test(clock)));
  if (!fields || !prevClocks) return null;
  return { deviceId, seq, hlc, actor, entity, entityId, op: op as FullEntry['op'], fields, prevClocks: prevClocks as Record<string, string | null>, prevHash, hash };
}

/** An entry of an audit the bundle does not carry: its place in the chain only. */
export const StubEntry = z.strictObject({ stub: z.literal(true), deviceId: DeviceId, seq: Seq.min(1), hlc: Hlc, prevHash: Hex64, hash: Hex64 });
export type StubEntry = z.infer<typeof StubEntry>;

export type BundleEntry = FullEntry | StubEntry;
export const isStub = (entry: BundleEntry): entry is StubEntry => 'stub' in entry;
