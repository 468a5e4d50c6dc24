import { getTableColumns } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { canonicalJson } from '../ledger/canonical';
import { entityTables, type EntityName } from '../ledger/entities';
import { parseHlc } from '../ledger/hlc';
import { GENESIS_HASH, hashForAppend } from '../ledger/ledger';
import { keyOf, recordsInLedger } from '../ledger/replay-records';
import { recordKind } from '../registry/registry';
import { refusesOp, writtenOnce } from '../registry/append-only';
import type { Core } from '../services';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import type { BundleLimits } from './bundle-file';
import { checkReferences } from './check-references';
import { FullEntry, StubEntry, isStub, wellFormedFullEntry, type BundleEntry, type Manifest } from './format';
import { planRange, withSignedHead, type RangePlan, type Sender } from './forks';
import { bindingOf } from './trust';

// The checks on a bundle's ledger entries, all read-only: their shape, their hashes and links, what
// the manifest says of them, whether the app could have written them, and how they continue what
// this laptop already holds.

const MAX_CLOCK_AHEAD_MS = 24 * 3_600_000;

/**
 * A checked entry's fields and previous clocks as canonical JSON, made once while its hash is checked:
 * the import stores them as they are (ledgerInserter) instead of sorting and serialising them again.
 */
export const encodedEntries = new WeakMap<FullEntry, { fields: string; prevClocks: string }>();

export function parseEntries(buffer: Buffer, limits: BundleLimits): Map<string, BundleEntry[]> {
  const byDevice = new Map<string, BundleEntry[]>();
  if (buffer.length > 0 && buffer[buffer.length - 1] !== 0x0a) throw new AppError('VALIDATION', 'The bundle\'s ledger entries end mid-line.');
  // Read a line at a time from the bytes: never one string of the whole set, nor an array of all its lines.
  let lineCount = 0;
  for (let at = 0; at < buffer.length; at = buffer.indexOf(0x0a, at) + 1) lineCount += 1;
  if (lineCount > limits.maxEntries) throw new AppError('VALIDATION', `The bundle holds ${lineCount} ledger entries, over the limit of ${limits.maxEntries}.`);
  for (let at = 0, index = 0; at < buffer.length; index += 1) {
    const end = buffer.indexOf(0x0a, at);
    const line = buffer.toString('utf8', at, end);
    at = end + 1;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new AppError('VALIDATION', `Ledger entry ${index + 1} of the bundle is not valid JSON.`);
    }
    const stub = json !== null && typeof json === 'object' && 'stub' in json;
    const fast = stub ? null : wellFormedFullEntry(json);
    const parsed = fast ? { success: true as const, data: fast } : stub ? StubEntry.safeParse(json) : FullEntry.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('VALIDATION', `Ledger entry ${index + 1} of the bundle is malformed (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown shape'}).`);
    }
    const list = byDevice.get(parsed.data.deviceId) ?? [];
    list.push(parsed.data);
    byDevice.set(parsed.data.deviceId, list);
  }
  return byDevice;
}

const columnsOf = new Map<string, Set<string>>();
function columns(entity: EntityName): Set<string> {
  let set = columnsOf.get(entity);
  if (!set) columnsOf.set(entity, (set = new Set(Object.keys(getTableColumns(entityTables[entity])))));
  return set;
}

/**
 * Checks the entries against themselves, the manifest and what this laptop holds (read-only); returns
 * the latest clock and how each device's range joins what is held here.
 */
export function checkEntries(
  core: Core,
  manifest: Manifest,
  items: Map<string, BundleEntry[]>,
  objects: Map<string, string>,
  limits: BundleLimits,
  sender: Sender,
): { maxHlc: string | null; plans: RangePlan[] } {
  let maxHlc: string | null = null;
  let full = 0;
  let stubs = 0;
  const rangeDevices = new Set(manifest.ranges.map((r) => r.deviceId));
  if (rangeDevices.size !== manifest.ranges.length) throw new AppError('VALIDATION', 'The bundle manifest lists a device twice.');
  for (const deviceId of items.keys()) if (!rangeDevices.has(deviceId)) throw new AppError('VALIDATION', `The bundle holds entries of device ${deviceId}, which its manifest does not list.`);
  for (const range of manifest.ranges) {
    const list = items.get(range.deviceId) ?? [];
    if (range.to - range.from !== list.length) throw new AppError('VALIDATION', `The bundle should hold ${range.to - range.from} entries of device ${range.deviceId} but holds ${list.length}.`);
    let previousHlc = '';
    let run = 0;
    for (const [index, item] of list.entries()) {
      const where = `entry #${item.seq} of device ${item.deviceId}`;
      if (item.seq !== range.from + index + 1) throw new AppError('VALIDATION', `The bundle's entries of device ${range.deviceId} are out of order or have a gap at ${where}.`);
      if (index > 0 && item.prevHash !== (list[index - 1] as BundleEntry).hash) throw new AppError('INTEGRITY', `The bundle's ${where} does not link to the entry before it.`);
      if (range.from === 0 && index === 0 && item.prevHash !== GENESIS_HASH) throw new AppError('INTEGRITY', `The bundle's ${where} should start the chain but does not.`);
      if (item.hlc <= previousHlc) throw new AppError('INTEGRITY', `The bundle's ${where} has a clock earlier than the entry before it.`);
      previousHlc = item.hlc;
      if (!maxHlc || item.hlc > maxHlc) maxHlc = item.hlc;
      if (isStub(item)) {
        stubs += 1;
        run += 1;
        continue;
      }
      // Stubs are kept only to link the entries that follow them; a run is bounded (see the README).
      if (run > limits.maxStubRun) {
        throw new AppError(
          'VALIDATION',
          `The bundle carries ${run} entries of other audits in a row from device ${item.deviceId} (before entry #${item.seq}), over the limit of ${limits.maxStubRun}: it was refused.`,
        );
      }
      run = 0;
      full += 1;
      const { hash, ...unsigned } = item;
      const checked = hashForAppend(unsigned as Parameters<typeof hashForAppend>[0]);
      if (checked.hash !== hash) throw new AppError('INTEGRITY', `The bundle's ${where} does not match its hash.`);
      encodedEntries.set(item, checked.encoded);
      const known = columns(item.entity as EntityName);
      for (const field of [...Object.keys(item.fields), ...Object.keys(item.prevClocks)]) {
        if (!known.has(field) || field === 'id') throw new AppError('VALIDATION', `The bundle's ${where} writes a field ${JSON.stringify(field)} that ${item.entity.replace(/_/g, ' ')} records do not have.`);
      }
      const vaultFile = recordKind(item.entity)?.vaultFile;
      if (vaultFile && item.op === 'insert') {
        const sha = item.fields[vaultFile];
        if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) throw new AppError('VALIDATION', `The bundle's ${where} names no evidence file.`);
        if (!objects.has(sha) && !core.vault.has(sha)) throw new AppError('VALIDATION', `The bundle's ${where} needs the file ${sha.slice(0, 12)}…, which neither the bundle nor this laptop holds.`);
      }
    }
    if (list.length > 0 && Object.hasOwn(manifest.have, range.deviceId) && (manifest.have[range.deviceId] as number) < range.to) {
      throw new AppError('VALIDATION', `The bundle manifest says it holds less of device ${range.deviceId} than it carries.`);
    }
  }
  if (full !== manifest.counts.entries || stubs !== manifest.counts.stubs || objects.size !== manifest.counts.objects) {
    throw new AppError('VALIDATION', 'The bundle holds a different number of entries or files than its manifest says.');
  }
  // A clock far ahead would make every later edit here lose to it: the laptop's date is wrong.
  if (maxHlc && parseHlc(maxHlc).millis > Date.now() + MAX_CLOCK_AHEAD_MS) {
    throw new AppError(
      'VALIDATION',
      `The bundle's changes are stamped as late as ${new Date(parseHlc(maxHlc).millis).toISOString().slice(0, 16).replace('T', ' ')} UTC, more than a day ahead of this laptop's clock. Check the date and time on both laptops. Changes already stamped ahead are accepted here once this laptop's clock is within a day of them.`,
    );
  }
  // A stub only links the entries after it: stubs after a device's last full entry are not kept, and a
  // range left with nothing is not taken as a claim to hold that chain.
  const ranged: RangePlan[] = [];
  for (const range of manifest.ranges) {
    const list = items.get(range.deviceId) ?? [];
    let last = list.length - 1;
    while (last >= 0 && isStub(list[last] as BundleEntry)) last -= 1;
    if (last < 0) continue;
    const kept = list.slice(0, last + 1);
    ranged.push(planRange(core, { deviceId: range.deviceId, from: range.from, to: (kept[last] as BundleEntry).seq }, kept, sender));
  }
  // The sender's own signed head can take out a relayed copy of its record that it never wrote.
  const plans = withSignedHead(core, ranged, manifest.signedHead, sender);
  // Entries made on a laptop whose key was revoked here are refused, even when another laptop relays them.
  // (The key the device is bound to now: after an endorsed key change, the new one.)
  const statusOf = core.sqlite.prepare('SELECT status FROM trusted_keys WHERE fingerprint = ?');
  const revoked = { get: (deviceId: string) => {
    const binding = bindingOf(core, deviceId);
    return binding && (statusOf.get(binding.fingerprint) as { status: string } | undefined)?.status === 'revoked' ? { actor: binding.actor } : undefined;
  } };
  const heldHere = core.sqlite.prepare('SELECT seq FROM ledger_heads WHERE device_id = ?');
  for (const plan of plans) {
    const owner = revoked.get(plan.deviceId) as { actor: string } | undefined;
    const held = (heldHere.get(plan.deviceId) as { seq: number } | undefined)?.seq ?? 0;
    if (owner && (plan.to > held || plan.replaceFrom !== null)) {
      throw new AppError(
        'UNAUTHORIZED',
        `The bundle carries new entries made on ${owner.actor}'s laptop (device ${plan.deviceId}), whose key was revoked here: it was refused. The laptop that sent it has taken in ${owner.actor}'s work: revoke that key on every laptop of the team, or trust it again here.`,
      );
    }
  }
  const kept = new Map(plans.map((plan) => [plan.deviceId, plan.list]));
  checkOperations(core, kept);
  checkReferences(core, [...kept.values()].flat().filter((item): item is FullEntry => !isStub(item)));
  return { maxHlc, plans };
}

/**
 * Entries must be ones the app could have written: no change to a record the app never changes, no
 * second, different creation of an unchangeable record, no change dated before the record's
 * creation or before the value it replaces, and a finalisation that names its own place in its chain.
 */
function checkOperations(core: Core, items: Map<string, BundleEntry[]>): void {
  const created = new Map<string, { hlc: string; fields: string }>();
  const localInsert = core.sqlite.prepare("SELECT hlc, fields FROM ledger WHERE entity = ? AND entity_id = ? AND op = 'insert' ORDER BY hlc LIMIT 1");
  const all = [...items.values()].flat();
  const clocks = new Map(all.map((item) => [`${item.deviceId}\u0000${item.seq}`, item.hlc]));
  const clockOf = (deviceId: string, seq: number) => clocks.get(`${deviceId}\u0000${seq}`);
  const full = all.filter((item): item is FullEntry => !isStub(item));
  for (const entry of full) {
    if (entry.op !== 'insert') continue;
    const key = `${entry.entity}\u0000${entry.entityId}`;
    const seen = created.get(key);
    if (!seen || entry.hlc < seen.hlc) created.set(key, { hlc: entry.hlc, fields: encodedEntries.get(entry)?.fields ?? canonicalJson(entry.fields) });
  }
  // Only the records the ledger holds anything of have a creation here: looked up once each.
  const heldHere = recordsInLedger(core.sqlite, full.map((entry) => ({ entity: entry.entity, entityId: entry.entityId })));
  const localCreation = new Map<string, { hlc: string; fields: string } | undefined>();
  const localInsertOf = (entity: string, entityId: string) => {
    const key = keyOf(entity, entityId);
    if (!heldHere.has(key)) return undefined;
    if (!localCreation.has(key)) localCreation.set(key, localInsert.get(entity, entityId) as { hlc: string; fields: string } | undefined);
    return localCreation.get(key);
  };
  for (const entry of full) {
    const where = `The bundle's entry #${entry.seq} of device ${entry.deviceId} (${entry.op} of ${entry.entity.replace(/_/g, ' ')} ${entry.entityId})`;
    if (entry.op !== 'insert' && refusesOp(entry.entity, entry.op)) {
      throw new AppError('INTEGRITY', `${where} changes a record that is never changed: it was refused.`);
    }
    const local = localInsertOf(entry.entity, entry.entityId);
    const inBundle = created.get(`${entry.entity}\u0000${entry.entityId}`);
    const creation = local && (!inBundle || local.hlc <= inBundle.hlc) ? { hlc: local.hlc, fields: canonicalJson(JSON.parse(local.fields)) } : inBundle;
    // (The shipped template is made by every laptop; before it had fixed timestamps, copies differed in them.)
    if (entry.op === 'insert' && writtenOnce(entry.entity) && entry.entityId !== DEFAULT_TEMPLATE_V1_ID && creation && creation.fields !== (encodedEntries.get(entry)?.fields ?? canonicalJson(entry.fields))) {
      throw new AppError('INTEGRITY', `${where} makes a second, different version of a record that is never changed: it was refused.`);
    }
    if (entry.op !== 'insert' && creation && entry.hlc <= creation.hlc) {
      throw new AppError('INTEGRITY', `${where} is dated before the record was created: it was refused.`);
    }
    for (const [field, allowed] of Object.entries(recordKind(entry.entity)?.values ?? {})) {
      if (Object.hasOwn(entry.fields, field) && !allowed.includes(entry.fields[field] as string)) {
        throw new AppError('INTEGRITY', `${where} records a ${field.replace(/([A-Z])/g, ' $1').toLowerCase()} the app does not know: it was refused.`);
      }
    }
    for (const [field, clock] of Object.entries(entry.prevClocks)) {
      if (clock !== null && clock >= entry.hlc) throw new AppError('INTEGRITY', `${where} is dated before the value of ${field} it replaces: it was refused.`);
    }
    const heads = entry.entity === 'audits' && entry.fields.status === 'finalised' ? entry.fields.finalisedHeads : undefined;
    // (Audits finalised before sync existed name no heads.)
    if (heads !== undefined && heads !== null) {
      if (typeof heads !== 'object' || (heads as Record<string, unknown>)[entry.deviceId] !== entry.seq - 1) {
        throw new AppError('INTEGRITY', `${where} finalises the audit without naming its own place in its device's record: it was refused.`);
      }
      // It cannot have seen an entry dated after itself.
      for (const [deviceId, seq] of Object.entries(heads as Record<string, number>)) {
        const seenClock = seq > 0 ? (clockOf(deviceId, seq) ?? localEntry(core, deviceId, seq)?.hlc) : undefined;
        if (seenClock !== undefined && seenClock >= entry.hlc) throw new AppError('INTEGRITY', `${where} claims to have seen entries dated after it: it was refused.`);
      }
    }
  }
}

/** The hash and clock of one entry of a device's chain as held here, full or stub. */
function localEntry(core: Core, deviceId: string, seq: number): { hash: string; hlc: string } | undefined {
  return (core.sqlite.prepare('SELECT hash, hlc FROM ledger WHERE device_id = ? AND seq = ? UNION ALL SELECT hash, hlc FROM ledger_stubs WHERE device_id = ? AND seq = ? LIMIT 1').get(
    deviceId,
    seq,
    deviceId,
    seq,
  ) ?? undefined) as { hash: string; hlc: string } | undefined;
}
