import { AppError } from '../../shared/api/errors';
import type { SyncFork } from '../../shared/api/sync';
import { checkpointSignatureProblem, type Checkpoint } from '../ledger/checkpoints';
import type { LedgerRow } from '../ledger/ledger';
import type { Core } from '../services';
import { withTriggersSuspended } from './apply';
import { broughtBy, confirmedUpTo, forgetSeenFrom, lowerPeerSeen, storeFork } from './bookkeeping';
import { isStub, type BundleEntry, type Manifest } from './format';
import { formatFingerprint } from './fingerprint';

// Two versions of one stretch of a device's chain. The genuine version of device D's record is the
// one D's own bundles carry (signed with the key D is bound to). A laptop that passes on entries under
// D's id that contradict what D itself sends has relayed a forgery (its own, or one it was given):
//
// - a relayed version that contradicts what this laptop holds is kept out of the ledger;
// - a relayed version held here is replaced when D's own bundle says otherwise;
// - a relayed version of this laptop's own record that differs from it is kept out.
//
// Either way the version kept out is stored in sync_forks with the laptop that relayed it, listed for
// a person, and the genuine chain goes on. D contradicting its own earlier bundle is refused.

export interface RangePlan {
  deviceId: string;
  from: number;
  /** The last entry of the range written here (after anything kept out). */
  to: number;
  /** Entries to write (those already held are skipped when writing). */
  list: BundleEntry[];
  /** The bundle's version from here on is kept out. */
  keptOut: BundleEntry[];
  /** This laptop's copy from this entry on is replaced by the device's own. */
  replaceFrom: number | null;
  /** The range as the bundle gave it (after trailing stubs), to plan it again inside the transaction. */
  given: { to: number; list: BundleEntry[] };
}

export interface Sender {
  deviceId: string;
  actor: string;
  fingerprint: string;
}

function localEntry(core: Core, deviceId: string, seq: number): { hash: string; hlc: string } | undefined {
  return (core.sqlite
    .prepare('SELECT hash, hlc FROM ledger WHERE device_id = ? AND seq = ? UNION ALL SELECT hash, hlc FROM ledger_stubs WHERE device_id = ? AND seq = ? LIMIT 1')
    .get(deviceId, seq, deviceId, seq) ?? undefined) as { hash: string; hlc: string } | undefined;
}

const heldOf = (core: Core, deviceId: string): number =>
  (core.sqlite.prepare('SELECT seq FROM ledger_heads WHERE device_id = ?').get(deviceId) as { seq: number } | undefined)?.seq ?? 0;

const nameOf = (core: Core, deviceId: string): string => {
  if (deviceId === core.deviceId) return "this laptop's own record";
  const actor = (core.sqlite.prepare('SELECT actor FROM device_keys WHERE device_id = ?').get(deviceId) as { actor: string } | undefined)?.actor;
  return actor ? `${actor}'s record (device ${deviceId})` : `device ${deviceId}'s record`;
};

/** Decides how a range of a bundle joins what this laptop holds (read-only). Throws when it cannot. */
export function planRange(core: Core, range: Manifest['ranges'][number], list: BundleEntry[], sender: Sender): RangePlan {
  const held = heldOf(core, range.deviceId);
  const who = nameOf(core, range.deviceId);
  const plain: RangePlan = { deviceId: range.deviceId, from: range.from, to: range.to, list, keptOut: [], replaceFrom: null, given: { to: range.to, list } };
  if (range.from > held) {
    throw new AppError(
      'CONFLICT',
      `The bundle continues ${who} from entry #${range.from + 1}, but this laptop holds it only up to #${held}: a bundle in between is missing. Import the earlier bundle first, or ask for a whole-audit export (without "for a peer").`,
    );
  }
  const first = list[0] as BundleEntry;
  const before = range.from > 0 ? localEntry(core, range.deviceId, range.from) : undefined;
  // The fork: where the bundle's version first differs from the one held here.
  let fork: number | null = null;
  const linkBroken = range.from > 0 && before?.hash !== first.prevHash;
  if (linkBroken) fork = range.from + 1;
  for (const item of list) {
    if (fork !== null || item.seq > held) break;
    if (localEntry(core, range.deviceId, item.seq)?.hash !== item.hash) fork = item.seq;
  }
  if (fork === null && before !== undefined && first.hlc <= before.hlc) {
    throw new AppError('INTEGRITY', `The bundle's entry #${range.from + 1} of ${who} is dated no later than the entry before it: it was refused.`);
  }
  const keepOut = (from: number): RangePlan => {
    const kept = list.filter((item) => item.seq < from);
    return { ...plain, list: kept, to: kept.length > 0 ? (kept[kept.length - 1] as BundleEntry).seq : range.from, keptOut: list.filter((item) => item.seq >= from) };
  };
  if (range.deviceId === core.deviceId) {
    if (fork !== null) return keepOut(fork);
    if (range.to <= held) return plain;
    // Entries of this laptop's own record that it never wrote.
    if (sender.deviceId === core.deviceId) {
      throw new AppError('INTEGRITY', "The bundle holds entries of this laptop's own record that this laptop does not have: it was made from a copy of this data folder. Nothing was imported.");
    }
    return keepOut(held + 1);
  }
  if (fork === null) return plain;
  if (range.deviceId !== sender.deviceId) return keepOut(fork);
  // The device's own bundle contradicts what this laptop holds of it.
  const confirmed = confirmedUpTo(core, range.deviceId);
  if (fork <= confirmed || (linkBroken && range.from <= confirmed)) {
    throw new AppError('INTEGRITY', `The bundle's entry #${fork} of ${who} differs from the one its own earlier bundle brought here: the two records have split. Nothing was imported.`);
  }
  if (linkBroken) {
    // The copy held here differs somewhere after what the device itself vouched for, before where its
    // bundle starts: that copy is taken out, and this laptop's next bundle says it holds the device's
    // record only that far, so the device's next bundle brings the rest.
    return { ...plain, list: [], to: confirmed, replaceFrom: confirmed + 1 };
  }
  return { ...plain, replaceFrom: fork };
}

/**
 * What the sender's own signed head says of a relayed copy of its record held here. The head carries
 * the device's clock as it exported; every entry the device writes later carries a later clock. So an
 * entry held here just past that head, dated no later than it, was never written by the device: it is
 * a relayed forgery, and is taken out (the plans then replace the copy from there). A head of another
 * device, a head by another key, or one this laptop's copy does not reach, changes nothing.
 */
export function withSignedHead(core: Core, plans: RangePlan[], signedHead: Checkpoint | null | undefined, sender: Sender): RangePlan[] {
  if (!signedHead || signedHead.deviceId !== sender.deviceId || signedHead.deviceId === core.deviceId) return plans;
  if (signedHead.fingerprint !== sender.fingerprint) {
    throw new AppError('INTEGRITY', `The bundle's signed ledger head is signed with key ${formatFingerprint(signedHead.fingerprint)}, not the bundle's own: it was refused.`);
  }
  const problem = checkpointSignatureProblem(signedHead);
  if (problem) throw new AppError('INTEGRITY', `The bundle's signed ledger head does not hold (${problem}): it was refused.`);
  const { deviceId, seq, hash, clock } = signedHead;
  const next = localEntry(core, deviceId, seq + 1);
  if (!next || next.hlc > clock || localEntry(core, deviceId, seq)?.hash !== hash) return plans;
  const own = plans.find((plan) => plan.deviceId === deviceId);
  if (own?.list.some((item) => item.seq === seq + 1 && item.hash === next.hash)) return plans;
  if (own) return plans.map((plan) => (plan === own && plan.replaceFrom === null && plan.to <= seq ? { ...plan, replaceFrom: seq + 1 } : plan));
  return [...plans, { deviceId, from: seq, to: seq, list: [], keptOut: [], replaceFrom: seq + 1, given: { to: seq, list: [] } }];
}

interface StubRow {
  seq: number;
  hlc: string;
  prevHash: string;
  hash: string;
}

/**
 * Moves what the plans keep out into sync_forks and takes a replaced stretch out of the ledger
 * (inside the import's transaction). Returns the records the removed entries touched.
 */
export function quarantine(core: Core, plans: RangePlan[], sender: Sender, bundleId: string, now: string): Array<{ entity: string; entityId: string }> {
  const touched: Array<{ entity: string; entityId: string }> = [];
  for (const plan of plans) {
    if (plan.keptOut.length > 0) {
      storeFork(core, { deviceId: plan.deviceId, outcome: 'kept-out', entries: plan.keptOut, relayedBy: sender, bundleId, now });
      // The sender holds the other version from there: what it is sent next starts before it.
      lowerPeerSeen(core, sender.deviceId, plan.deviceId, (plan.keptOut[0] as BundleEntry).seq);
    }
    if (plan.replaceFrom === null) continue;
    const from = plan.replaceFrom;
    const full = core.sqlite
      .prepare(
        `SELECT device_id AS deviceId, seq, hlc, actor, entity, entity_id AS entityId, op, fields, prev_clocks AS prevClocks, prev_hash AS prevHash, hash
         FROM ledger WHERE device_id = ? AND seq >= ? ORDER BY seq`,
      )
      .all(plan.deviceId, from) as LedgerRow[];
    const fullSeqs = new Set(full.map((r) => r.seq));
    const stubs = (core.sqlite.prepare('SELECT seq, hlc, prev_hash AS prevHash, hash FROM ledger_stubs WHERE device_id = ? AND seq >= ?').all(plan.deviceId, from) as StubRow[]).filter(
      (s) => !fullSeqs.has(s.seq),
    );
    const entries: BundleEntry[] = [
      ...full.map((r) => ({ ...r, fields: JSON.parse(r.fields) as Record<string, unknown>, prevClocks: JSON.parse(r.prevClocks) as Record<string, string | null> })),
      ...stubs.map((s) => ({ stub: true as const, deviceId: plan.deviceId, ...s })),
    ].sort((x, y) => x.seq - y.seq) as BundleEntry[];
    if (entries.length === 0) continue;
    storeFork(core, { deviceId: plan.deviceId, outcome: 'replaced', entries, relayedBy: broughtBy(core, plan.deviceId, from), bundleId, now });
    for (const row of full) touched.push({ entity: row.entity, entityId: row.entityId });
    withTriggersSuspended(core, 'ledger', () => core.sqlite.prepare('DELETE FROM ledger WHERE device_id = ? AND seq >= ?').run(plan.deviceId, from));
    withTriggersSuspended(core, 'ledger_stubs', () => core.sqlite.prepare('DELETE FROM ledger_stubs WHERE device_id = ? AND seq >= ?').run(plan.deviceId, from));
    const previous = from > 1 ? localEntry(core, plan.deviceId, from - 1) : undefined;
    if (previous) core.sqlite.prepare('UPDATE ledger_heads SET seq = ?, hash = ? WHERE device_id = ?').run(from - 1, previous.hash, plan.deviceId);
    else core.sqlite.prepare('DELETE FROM ledger_heads WHERE device_id = ?').run(plan.deviceId);
    // Nobody can be assumed to hold the replaced stretch any more.
    forgetSeenFrom(core, plan.deviceId, from);
  }
  return touched;
}

interface ForkRow {
  id: string;
  deviceId: string;
  deviceActor: string | null;
  fromSeq: number;
  toSeq: number;
  outcome: SyncFork['outcome'];
  relayedByDeviceId: string;
  relayedByActor: string;
  relayedByFingerprint: string;
  bundleId: string;
  detectedAt: string;
  entries: string;
}

/** Every fork seen here, newest first: what was kept out, and which laptop relayed it. */
export function listForks(core: Core): SyncFork[] {
  const rows = core.sqlite
    .prepare(
      `SELECT f.id, f.device_id AS deviceId, CASE WHEN f.device_id = ? THEN ? ELSE k.actor END AS deviceActor, f.from_seq AS fromSeq, f.to_seq AS toSeq, f.outcome,
       f.relayed_by_device_id AS relayedByDeviceId, f.relayed_by_actor AS relayedByActor, f.relayed_by_fingerprint AS relayedByFingerprint,
       f.bundle_id AS bundleId, f.detected_at AS detectedAt, f.entries FROM sync_forks f LEFT JOIN device_keys k ON k.device_id = f.device_id
       ORDER BY f.detected_at DESC, f.rowid DESC`,
    )
    .all(core.deviceId, core.actor) as ForkRow[];
  return rows.map((row) => ({
    id: row.id,
    deviceId: row.deviceId,
    deviceActor: row.deviceActor,
    fromSeq: row.fromSeq,
    toSeq: row.toSeq,
    outcome: row.outcome,
    relayedBy: { deviceId: row.relayedByDeviceId, actor: row.relayedByActor, fingerprint: row.relayedByFingerprint },
    bundleId: row.bundleId,
    detectedAt: row.detectedAt,
    entries: (JSON.parse(row.entries) as BundleEntry[]).map((e) =>
      isStub(e)
        ? { seq: e.seq, stub: true, actor: null, entity: null, entityId: null, op: null, fields: null }
        : { seq: e.seq, stub: false, actor: e.actor, entity: e.entity, entityId: e.entityId, op: e.op, fields: e.fields },
    ),
  }));
}

/** One line for a person: whose record, which entries, who relayed them, what happened. */
export function describeFork(fork: SyncFork): string {
  const whose = fork.deviceActor ? `${fork.deviceActor}'s record (device ${fork.deviceId})` : `device ${fork.deviceId}'s record`;
  const span = fork.fromSeq === fork.toSeq ? `entry #${fork.fromSeq}` : `entries #${fork.fromSeq}–#${fork.toSeq}`;
  const by = `${fork.relayedBy.actor}'s laptop${fork.relayedBy.fingerprint ? ` (key ${formatFingerprint(fork.relayedBy.fingerprint)})` : ''}`;
  return fork.outcome === 'replaced'
    ? `${span} of ${whose}, relayed by ${by}, differed from what the device itself sent: replaced by its own, the relayed version kept aside.`
    : `${span} of ${whose}, relayed by ${by}, contradicts what this laptop holds: kept out.`;
}
