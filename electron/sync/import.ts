import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { AppError } from '../../shared/api/errors';
import { ledgerInserter } from '../ledger/ledger';
import { recordKind } from '../registry/registry';
import { utcNow } from '../ids';
import type { Core } from '../services';
import { applyLedger, mergeTuning } from './apply';
import { keyOf, recordsInLedger, type RecordKey, type Row } from '../ledger/replay-records';
import { canonicalJson } from '../ledger/canonical';
import { encodedEntries } from './check-entries';
import { formatFingerprint } from './fingerprint';
import { planRange, quarantine, withSignedHead, type RangePlan, type Sender } from './forks';
import { currentConflicts, storeConflicts } from './conflicts';
import { importedAt, markSeen, recordImport, recordReceived, savePeer, savePeerSeen } from './bookkeeping';
import type { BundleSummary, ImportResult, TrustState } from '../../shared/api/sync';
import { bindDevice, trustNewKey, trustOfFingerprint } from './trust';
import { rebindDevice } from './rotation';
import { bundleLimits, cancelled, type BundleLimits, type BundleSigner } from './bundle-file';
import { checkBundle, senderOf, type Checked } from './check-bundle';
import { isStub, type BundleEntry, type FullEntry, type Manifest } from './format';
import type { Progress } from './export';

// Importing a bundle: every check first (signature over the whole file, trust in the signer, the
// zip's shape, each file's size and hash, each entry's hash and its link to the one before), then
// one transaction that adds the new entries, brings the tables to what the ledger now says, and
// lists the conflicts. A refused bundle writes nothing; a bundle imported twice changes nothing.

export interface ImportOptions {
  /** Trust the signer's key, when its fingerprint is this one (after a person compared it). */
  trustFingerprint?: string;
  limits?: BundleLimits;
  /** Stops the work before the merge begins; nothing is written then. */
  signal?: AbortSignal;
  /** On a team hub, its device id: records only a hub writes (audit members) are refused from any other device. */
  hubDeviceId?: string;
  /** The caller's own refusals of the bundle's entries, after every check and before anything is written (the team hub's: one audit per push). */
  refuseEntries?: (entries: FullEntry[], manifest: Manifest) => void;
}

export { formatFingerprint };
export { readBundleHead } from './check-bundle';

/** Reads and checks a bundle without writing anything: what importing it would do, and who signed it. */
export async function inspectBundle(core: Core, file: string, options: ImportOptions = {}, progress: Progress = () => {}): Promise<BundleSummary> {
  const staging = stagingFolder(core);
  let checked: Checked | undefined;
  try {
    // From a key not trusted here, only the manifest is read: who signed and what it claims to hold.
    checked = await checkBundle(core, file, staging, options.limits ?? bundleLimits, progress, options.signal, ({ trust }) => trust === 'unknown' || trust === 'revoked');
    return summarise(core, checked);
  } finally {
    await checked?.synced.catch(() => undefined);
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

export async function importBundle(core: Core, file: string, options: ImportOptions = {}, progress: Progress = () => {}): Promise<ImportResult> {
  const staging = stagingFolder(core);
  let staged: Promise<void> | undefined;
  try {
    // Trust is settled right after the signature, before anything is unpacked.
    const checked = await checkBundle(
      core,
      file,
      staging,
      options.limits ?? bundleLimits,
      progress,
      options.signal,
      (trust, signer) => {
        if (trust.trust === 'revoked') refuseUntrusted(signer, trust, options.trustFingerprint);
        return false;
      },
      // A key not trusted yet is let in without a person only when the key the device is bound to endorsed it.
      (trust, signer, rotation) => {
        if (!rotation) refuseUntrusted(signer, trust, options.trustFingerprint);
      },
    );
    staged = checked.synced;
    if (options.hubDeviceId) refuseHubRecords(checked.plans, options.hubDeviceId);
    options.refuseEntries?.(checked.plans.flatMap((plan) => plan.list.filter((item): item is FullEntry => !isStub(item))), checked.manifest);
    const summary = summarise(core, checked);
    const { signer, manifest } = checked;
    const trustNow = summary.signer.trust === 'unknown';
    const base = { ...summary, newObjects: 0, inserted: 0, updated: 0, deleted: 0, conflicts: 0, newConflicts: 0, newForks: 0 };
    if (summary.alreadyImported) return base;

    // Evidence files go into the vault first: content-addressed, so one that arrives without its
    // records (the import then failing) is invisible and is reused when the bundle comes again.
    progress('Storing evidence files', 0.7);
    let newObjects = 0;
    await checked.synced;
    for (const [sha, copy] of checked.objects) {
      if (options.signal?.aborted) throw cancelled();
      if (core.vault.has(sha)) continue;
      // Hashed and fsynced while it was staged: moved into place, not copied or synced again.
      await core.vault.adopt(copy, sha, { synced: true });
      newObjects += 1;
    }
    if (options.signal?.aborted) throw cancelled();
    progress('Merging', 0.85);
    const now = utcNow();
    // When the bundle says it was made, as the sender's clock tells it: never later than now here,
    // so that a made-up date cannot stand as the peer's last bundle for good.
    const madeAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(manifest.createdAt) && manifest.createdAt < now ? manifest.createdAt : now;
    const merge = core.sqlite.transaction(() => {
      const before = new Set(currentConflicts(core).map((row) => row.id));
      const sender = senderOf(manifest, signer);
      const { added: newEntries, removed, touched, fresh } = writeEntries(core, checked, sender, now);
      if (trustNow) trustNewKey(core, signer, now, checked.rotation ? { endorsedBy: checked.rotation.from, deviceId: checked.rotation.deviceId } : {});
      if (checked.rotation) rebindDevice(core, checked.rotation, manifest.from.actor, now);
      else if (manifest.from.deviceId !== core.deviceId) bindDevice(core, { deviceId: manifest.from.deviceId, fingerprint: signer.fingerprint, actor: manifest.from.actor }, now);
      // Only what was written here counts as seen: a range claimed without entries is no claim.
      for (const plan of checked.plans) if (plan.deviceId !== core.deviceId && plan.list.length > 0) markSeen(core, manifest.audit.id, plan.deviceId, plan.to);
      // The peer's latest word on what it holds stands, lower or higher: a laptop that took a relayed
      // copy out holds less than it said before, and a delta sent from too low only repeats entries.
      if (manifest.from.deviceId !== core.deviceId) {
        // What the peer says it holds, of chains this laptop knows: a delta for it starts there.
        const known = core.sqlite.prepare('SELECT seq FROM ledger_heads WHERE device_id = ?');
        // (Never further than this laptop holds: a claim beyond it is no use for a delta.)
        for (const [deviceId, seq] of Object.entries(manifest.have)) {
          const held = known.get(deviceId) as { seq: number } | undefined;
          if (held) savePeerSeen(core, manifest.from.deviceId, manifest.audit.id, deviceId, Math.min(seq, held.seq));
        }
        savePeer(core, { deviceId: manifest.from.deviceId, actor: manifest.from.actor, fingerprint: signer.fingerprint, bundleAt: madeAt, importedAt: now });
      }
      quarantine(core, checked.plans.filter((plan) => plan.keptOut.length > 0), sender, manifest.bundleId, now);
      if (checked.maxHlc) core.ledger.observe(checked.maxHlc);
      const applied = applyLedger(core, removed, touched, fresh);
      storeConflicts(core, applied);
      recordImport(core, {
        bundleId: manifest.bundleId,
        fileSha256: signer.fileSha256,
        auditId: manifest.audit.id,
        fromDeviceId: manifest.from.deviceId,
        actor: manifest.from.actor,
        fingerprint: signer.fingerprint,
        createdAt: madeAt,
        importedAt: now,
        importedBy: core.actor,
        newEntries,
        newObjects,
      });
      return {
        ...applied,
        // Every conflict now: those of the records not replayed stand as they were stored.
        conflicts: applied.replayed === null ? applied.conflicts.length : currentConflicts(core).length,
        newEntries,
        newForks: checked.plans.filter((plan) => plan.keptOut.length > 0 || plan.replaceFrom !== null).length,
        newConflicts: applied.conflicts.filter((c) => !before.has(c.id)).length,
      };
    });
    let merged: ReturnType<typeof merge>;
    try {
      merged = merge.immediate();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('INTEGRITY', `The bundle could not be merged (${(error as Error).message}). Nothing was imported: run verify on both laptops.`);
    }
    progress('Done', 1);
    return {
      ...base,
      newEntries: merged.newEntries,
      newObjects,
      inserted: merged.inserted,
      updated: merged.updated,
      deleted: merged.deleted,
      conflicts: merged.conflicts,
      newConflicts: merged.newConflicts,
      newForks: merged.newForks,
    };
  } finally {
    await staged?.catch(() => undefined);
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

/** A record kind only a team hub writes (the registry's `writtenBy`), made on another device, is refused whole. */
function refuseHubRecords(plans: RangePlan[], hubDeviceId: string): void {
  for (const plan of plans) {
    for (const item of plan.list) {
      if (isStub(item) || item.deviceId === hubDeviceId || recordKind(item.entity)?.writtenBy !== 'hub') continue;
      throw new AppError('UNAUTHORIZED', `The bundle's entry #${item.seq} of device ${item.deviceId} writes ${recordKind(item.entity)?.noun ?? item.entity} records, which only the team hub sets: the bundle was refused.`);
    }
  }
}

function stagingFolder(core: Core): string {
  const dir = core.vault.tempName('.bundle');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function summarise(core: Core, checked: Checked): BundleSummary {
  const { manifest, signer } = checked;
  // The same bundle is the same id from the same key: another laptop reusing an id it saw in a shared
  // folder cannot make this laptop skip the genuine bundle.
  const imported = importedAt(core, manifest.bundleId, signer.fingerprint);
  const has = core.sqlite.prepare('SELECT 1 FROM ledger WHERE device_id = ? AND seq = ?');
  let newEntries = checked.manifestOnly ? manifest.counts.entries : 0;
  for (const list of checked.items.values()) for (const item of list) if (!isStub(item) && !has.get(item.deviceId, item.seq)) newEntries += 1;
  const trust = trustOfFingerprint(core, signer.fingerprint);
  return {
    bundleId: manifest.bundleId,
    audit: manifest.audit,
    from: { deviceId: manifest.from.deviceId, actor: manifest.from.actor },
    createdAt: manifest.createdAt,
    signer: { fingerprint: signer.fingerprint, subject: signer.subject, name: signer.commonName, ...trust, endorsedBy: checked.rotation?.from ?? null },
    entries: manifest.counts.entries,
    stubs: manifest.counts.stubs,
    objects: manifest.counts.objects,
    newEntries,
    alreadyImported: imported,
  };
}

function refuseUntrusted(signer: BundleSigner, trust: { trust: TrustState; revokedAt: string | null }, trustFingerprint: string | undefined): void {
  if (trust.trust === 'revoked') {
    throw new AppError(
      'UNAUTHORIZED',
      `The bundle is signed by ${signer.commonName}, whose key (${formatFingerprint(signer.fingerprint)}) was revoked here on ${trust.revokedAt?.slice(0, 10) ?? 'an earlier day'}: it was refused. Trust the key again first if that was a mistake.`,
    );
  }
  if (trust.trust !== 'unknown' || trustFingerprint === signer.fingerprint) return;
  const given = trustFingerprint ? ` The fingerprint given to trust (${formatFingerprint(trustFingerprint)}) is not this key's.` : '';
  throw new AppError(
    'UNAUTHORIZED',
    `The bundle is signed by ${signer.commonName}, whose key is not trusted here.${given} Compare its fingerprint with the one they read from their own screen: ${formatFingerprint(signer.fingerprint)}. If they match, trust the key and import again.`,
  );
}

/**
 * Adds the entries this laptop lacks (inside the transaction), after taking out of the ledger any
 * relayed stretch the device's own bundle replaces; returns how many full entries were new, the
 * records the removed entries touched, and the records the new entries write (null when one of them
 * finalises an audit: that changes which entries of the whole audit count, so all is replayed), and
 * the entries of the records the ledger held nothing of before, as their rows now read (`fresh`:
 * replayed from there, not read back).
 */
function writeEntries(
  core: Core,
  checked: Checked,
  sender: Sender,
  now: string,
): { added: number; removed: Array<{ entity: string; entityId: string }>; touched: RecordKey[] | null; fresh: Map<string, Row[]> } {
  const insertFull = ledgerInserter(core.sqlite);
  const insertStub = core.sqlite.prepare('INSERT INTO ledger_stubs (device_id, seq, hlc, prev_hash, hash) VALUES (?, ?, ?, ?, ?)');
  const hasFull = core.sqlite.prepare('SELECT 1 FROM ledger WHERE device_id = ? AND seq = ?');
  const hasStub = core.sqlite.prepare('SELECT 1 FROM ledger_stubs WHERE device_id = ? AND seq = ?');
  const heldOf = core.sqlite.prepare('SELECT seq FROM ledger_heads WHERE device_id = ?');
  const saveHead = core.sqlite.prepare(
    'INSERT INTO ledger_heads (device_id, seq, hash) VALUES (?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash WHERE excluded.seq > ledger_heads.seq',
  );
  // Planned again inside the transaction: another window may have imported meanwhile.
  const plans = withSignedHead(
    core,
    checked.plans.filter((plan) => plan.given.list.length > 0).map((plan) => planRange(core, { deviceId: plan.deviceId, from: plan.from, to: plan.given.to }, plan.given.list, sender)),
    checked.manifest.signedHead,
    sender,
  );
  if (!samePlans(plans, checked.plans)) throw new AppError('CONFLICT', 'Another import changed this laptop\'s records meanwhile: import the bundle again.');
  const removed = quarantine(core, plans.filter((plan) => plan.replaceFrom !== null), sender, checked.manifest.bundleId, now);
  let added = 0;
  const touched = new Map<string, RecordKey>();
  let finalises = false;
  // The records of the bundle's entries that the ledger holds something of already (after the quarantine).
  const written = new Map<string, RecordKey>();
  for (const plan of plans) for (const item of plan.list) if (!isStub(item)) written.set(keyOf(item.entity, item.entityId), { entity: item.entity, entityId: item.entityId });
  const held = recordsInLedger(core.sqlite, [...written.values()]);
  const fresh = new Map<string, Row[]>();
  for (const plan of plans) {
    if (plan.list.length === 0) continue;
    const heldSeq = (heldOf.get(plan.deviceId) as { seq: number } | undefined)?.seq ?? 0;
    if (plan.deviceId !== core.deviceId) {
      recordReceived(core, { bundleId: checked.manifest.bundleId, deviceId: plan.deviceId, fromSeq: plan.from, newFrom: heldSeq + 1, toSeq: plan.to, viaDeviceId: sender.deviceId, viaFingerprint: sender.fingerprint });
    }
    for (const item of plan.list) {
      if (hasFull.get(item.deviceId, item.seq)) continue;
      if (isStub(item)) {
        if (!hasStub.get(item.deviceId, item.seq)) insertStub.run(item.deviceId, item.seq, item.hlc, item.prevHash, item.hash);
        continue;
      }
      // Stored as the hash check encoded it.
      const encoded = encodedEntries.get(item) ?? { fields: canonicalJson(item.fields), prevClocks: canonicalJson(item.prevClocks) };
      insertFull(item, encoded);
      added += 1;
      const key = keyOf(item.entity, item.entityId);
      touched.set(key, { entity: item.entity, entityId: item.entityId });
      if (mergeTuning.replayFromBundle && !held.has(key)) {
        const row: Row = { deviceId: item.deviceId, seq: item.seq, hlc: item.hlc, actor: item.actor, entity: item.entity, entityId: item.entityId, op: item.op, fields: encoded.fields, prevClocks: encoded.prevClocks };
        const rows = fresh.get(key);
        if (rows) rows.push(row);
        else fresh.set(key, [row]);
      }
      if (item.entity === 'audits' && item.fields.status === 'finalised') finalises = true;
    }
    const last = plan.list[plan.list.length - 1] as BundleEntry;
    saveHead.run(plan.deviceId, last.seq, last.hash);
  }
  return { added, removed, touched: finalises ? null : [...touched.values()], fresh };
}

/**
 * Whether two plans of the same bundle say the same: planned from the same entry objects, so their
 * lists are compared item by item by identity (not by serialising every entry twice).
 */
function samePlans(a: RangePlan[], b: RangePlan[]): boolean {
  const sameList = (x: BundleEntry[], y: BundleEntry[]) => x.length === y.length && x.every((item, i) => item === y[i]);
  return (
    a.length === b.length &&
    a.every((plan, i) => {
      const other = b[i] as RangePlan;
      return (
        plan.deviceId === other.deviceId &&
        plan.from === other.from &&
        plan.to === other.to &&
        plan.replaceFrom === other.replaceFrom &&
        plan.given.to === other.given.to &&
        sameList(plan.list, other.list) &&
        sameList(plan.keptOut, other.keptOut) &&
        sameList(plan.given.list, other.given.list)
      );
    })
  );
}
