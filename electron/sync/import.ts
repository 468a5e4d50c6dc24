import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { getTableColumns } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { canonicalJson } from '../ledger/canonical';
import { entityTables, type EntityName } from '../ledger/entities';
import { GENESIS_HASH, entryHash } from '../ledger/ledger';
import { parseHlc } from '../ledger/hlc';
import { utcNow } from '../ids';
import type { Core } from '../services';
import { applyLedger } from './apply';
import { refreshConflicts } from './service';
import { trustOfFingerprint, type TrustState } from './trust';
import { bundleLimits, cancelled, checkSignature, readZip, type BundleLimits, type BundleSigner } from './bundle-file';
import { Manifest, FullEntry, StubEntry, isStub, type BundleEntry } from './format';
import type { Progress } from './export';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';

// Importing a bundle: every check first (signature over the whole file, trust in the signer, the
// zip's shape, each file's size and hash, each entry's hash and its link to the one before), then
// one transaction that adds the new entries, brings the tables to what the ledger now says, and
// lists the conflicts. A refused bundle writes nothing; a bundle imported twice changes nothing.

export interface BundleSummary {
  bundleId: string;
  audit: { id: string; name: string };
  from: { deviceId: string; actor: string };
  createdAt: string;
  signer: { fingerprint: string; subject: string; name: string; trust: TrustState; revokedAt: string | null };
  entries: number;
  stubs: number;
  objects: number;
  /** Entries this laptop does not hold yet. */
  newEntries: number;
  alreadyImported: string | null;
}

export interface ImportResult extends BundleSummary {
  newObjects: number;
  inserted: number;
  updated: number;
  deleted: number;
  conflicts: number;
  newConflicts: number;
}

export interface ImportOptions {
  /** Trust the signer's key, when its fingerprint is this one (after a person compared it). */
  trustFingerprint?: string;
  limits?: BundleLimits;
  /** Stops the work before the merge begins; nothing is written then. */
  signal?: AbortSignal;
}

interface Checked {
  signer: BundleSigner;
  manifest: Manifest;
  items: Map<string, BundleEntry[]>;
  objects: Map<string, string>;
  maxHlc: string | null;
  /** Only the manifest was read (a key not trusted here): the entries are not checked yet. */
  manifestOnly: boolean;
}

export const formatFingerprint = (fingerprint: string): string => (fingerprint.toUpperCase().match(/.{2}/g) ?? []).join(':');

/** Reads and checks a bundle without writing anything: what importing it would do, and who signed it. */
export async function inspectBundle(core: Core, file: string, options: ImportOptions = {}, progress: Progress = () => {}): Promise<BundleSummary> {
  const staging = stagingFolder(core);
  try {
    // From a key not trusted here, only the manifest is read: who signed and what it claims to hold.
    const checked = await checkBundle(core, file, staging, options.limits ?? bundleLimits, progress, options.signal, ({ trust }) => trust === 'unknown' || trust === 'revoked');
    return summarise(core, checked);
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

export async function importBundle(core: Core, file: string, options: ImportOptions = {}, progress: Progress = () => {}): Promise<ImportResult> {
  const staging = stagingFolder(core);
  try {
    // Trust is settled right after the signature, before anything is unpacked.
    const checked = await checkBundle(core, file, staging, options.limits ?? bundleLimits, progress, options.signal, (trust, signer) => {
      refuseUntrusted(signer, trust, options.trustFingerprint);
      return false;
    });
    const summary = summarise(core, checked);
    const { signer, manifest } = checked;
    const trustNow = summary.signer.trust === 'unknown';
    const base = { ...summary, newObjects: 0, inserted: 0, updated: 0, deleted: 0, conflicts: 0, newConflicts: 0 };
    if (summary.alreadyImported) return base;

    // Evidence files go into the vault first: content-addressed, so one that arrives without its
    // records (the import then failing) is invisible and is reused when the bundle comes again.
    progress('Storing evidence files', 0.7);
    let newObjects = 0;
    for (const [sha, staged] of checked.objects) {
      if (options.signal?.aborted) throw cancelled();
      if (core.vault.has(sha)) continue;
      // Hashed while it was staged: moved into place, not copied again.
      await core.vault.adopt(staged, sha);
      newObjects += 1;
    }
    if (options.signal?.aborted) throw cancelled();
    progress('Merging', 0.85);
    const now = utcNow();
    const merge = core.sqlite.transaction(() => {
      const before = new Set((core.sqlite.prepare('SELECT id FROM sync_conflicts').all() as Array<{ id: string }>).map((r) => r.id));
      const newEntries = writeEntries(core, checked);
      if (trustNow) {
        core.sqlite
          .prepare(
            "INSERT INTO trusted_keys (fingerprint, certificate, subject, status, added_at, added_by) VALUES (?, ?, ?, 'trusted', ?, ?) ON CONFLICT(fingerprint) DO NOTHING",
          )
          .run(signer.fingerprint, signer.certificateDer.toString('base64'), signer.subject, now, core.actor);
      }
      const seen = core.sqlite.prepare(
        'INSERT INTO sync_seen (audit_id, device_id, seq) VALUES (?, ?, ?) ON CONFLICT(audit_id, device_id) DO UPDATE SET seq = max(seq, excluded.seq)',
      );
      for (const range of manifest.ranges) if (range.deviceId !== core.deviceId) seen.run(manifest.audit.id, range.deviceId, range.to);
      const peerSeen = core.sqlite.prepare(
        `INSERT INTO sync_peer_seen (peer_device_id, audit_id, device_id, seq) VALUES (?, ?, ?, ?)
         ON CONFLICT(peer_device_id, audit_id, device_id) DO UPDATE SET seq = max(seq, excluded.seq)`,
      );
      if (manifest.from.deviceId !== core.deviceId) {
        for (const [deviceId, seq] of Object.entries(manifest.have)) peerSeen.run(manifest.from.deviceId, manifest.audit.id, deviceId, seq);
        core.sqlite
          .prepare(
            `INSERT INTO sync_peers (device_id, actor, fingerprint, last_bundle_at, last_import_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT(device_id) DO UPDATE SET actor = excluded.actor, fingerprint = excluded.fingerprint,
               last_bundle_at = max(last_bundle_at, excluded.last_bundle_at), last_import_at = excluded.last_import_at`,
          )
          .run(manifest.from.deviceId, manifest.from.actor, signer.fingerprint, manifest.createdAt, now);
      }
      if (checked.maxHlc) core.ledger.observe(checked.maxHlc);
      const applied = applyLedger(core);
      refreshConflicts(core, applied.conflicts);
      core.sqlite
        .prepare(
          `INSERT INTO sync_imports (bundle_id, file_sha256, audit_id, from_device_id, actor, fingerprint, created_at, imported_at, imported_by, new_entries, new_objects)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(manifest.bundleId, signer.fileSha256, manifest.audit.id, manifest.from.deviceId, manifest.from.actor, signer.fingerprint, manifest.createdAt, now, core.actor, newEntries, newObjects);
      return {
        ...applied,
        newEntries,
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
      conflicts: merged.conflicts.length,
      newConflicts: merged.newConflicts,
    };
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

const MAX_CLOCK_AHEAD_MS = 24 * 3_600_000;

function stagingFolder(core: Core): string {
  const dir = path.join(core.vault.root, 'tmp', `bundle-${randomUUID()}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function summarise(core: Core, checked: Checked): BundleSummary {
  const { manifest, signer } = checked;
  const imported = core.sqlite.prepare('SELECT imported_at AS importedAt FROM sync_imports WHERE bundle_id = ?').get(manifest.bundleId) as { importedAt: string } | undefined;
  const has = core.sqlite.prepare('SELECT 1 FROM ledger WHERE device_id = ? AND seq = ?');
  let newEntries = checked.manifestOnly ? manifest.counts.entries : 0;
  for (const list of checked.items.values()) for (const item of list) if (!isStub(item) && !has.get(item.deviceId, item.seq)) newEntries += 1;
  const trust = trustOfFingerprint(core, signer.fingerprint);
  return {
    bundleId: manifest.bundleId,
    audit: manifest.audit,
    from: { deviceId: manifest.from.deviceId, actor: manifest.from.actor },
    createdAt: manifest.createdAt,
    signer: { fingerprint: signer.fingerprint, subject: signer.subject, name: signer.commonName, ...trust },
    entries: manifest.counts.entries,
    stubs: manifest.counts.stubs,
    objects: manifest.counts.objects,
    newEntries,
    alreadyImported: imported?.importedAt ?? null,
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

/** Who signed a bundle and what its manifest says, with no data folder at all (a laptop not set up yet). */
export async function readBundleHead(file: string, limits: BundleLimits = bundleLimits): Promise<{ signer: BundleSigner; manifest: Manifest }> {
  const signer = await checkSignature(file, limits, () => {});
  const staging = await fsp.mkdtemp(path.join(os.tmpdir(), 'release-audit-bundle-'));
  try {
    let manifest: Manifest | undefined;
    await readZip(file, staging, limits, (bytes) => (manifest = parseManifest(bytes, limits)).files, () => {}, undefined, true);
    return { signer, manifest: manifest as Manifest };
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

function parseManifest(bytes: Buffer, limits: BundleLimits): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AppError('VALIDATION', 'The bundle manifest is not valid JSON.');
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('VALIDATION', `The bundle manifest is not one this version reads (${issue ? `${issue.path.join('.') || 'manifest'}: ${issue.message}` : 'unknown shape'}).`);
  }
  if (parsed.data.files.length + 1 > limits.maxFiles) throw new AppError('VALIDATION', `The bundle lists ${parsed.data.files.length} files, over the limit of ${limits.maxFiles}.`);
  return parsed.data;
}

async function checkBundle(
  core: Core,
  file: string,
  staging: string,
  limits: BundleLimits,
  progress: Progress,
  signal: AbortSignal | undefined,
  /** Told who signed and how far they are trusted: throws to refuse, or returns true to read only the manifest. */
  gate: (trust: { trust: TrustState; revokedAt: string | null }, signer: BundleSigner) => boolean,
): Promise<Checked> {
  progress('Checking the signature', 0);
  const signer = await checkSignature(file, limits, (done, total) => progress('Checking the signature', 0.3 * (done / Math.max(1, total))), signal);
  const manifestOnly = gate(trustOfFingerprint(core, signer.fingerprint), signer);
  let manifest: Manifest | undefined;
  const contents = await readZip(
    file,
    staging,
    limits,
    (bytes) => (manifest = parseManifest(bytes, limits)).files,
    (done, total) => progress('Reading the bundle', 0.3 + 0.35 * (done / Math.max(1, total))),
    signal,
    manifestOnly,
  );
  const m = manifest as Manifest;
  if (m.from.fingerprint !== signer.fingerprint) throw new AppError('INTEGRITY', 'The bundle names another key than the one that signed it: it was refused.');
  if (manifestOnly) return { signer, manifest: m, items: new Map(), objects: new Map(), maxHlc: null, manifestOnly };
  const items = parseEntries(contents.entries, limits);
  const maxHlc = checkEntries(core, m, items, contents.objects);
  return { signer, manifest: m, items, objects: contents.objects, maxHlc, manifestOnly };
}

function parseEntries(buffer: Buffer, limits: BundleLimits): Map<string, BundleEntry[]> {
  const byDevice = new Map<string, BundleEntry[]>();
  const text = buffer.toString('utf8');
  if (text.length > 0 && !text.endsWith('\n')) throw new AppError('VALIDATION', 'The bundle\'s ledger entries end mid-line.');
  const lines = text.length > 0 ? text.slice(0, -1).split('\n') : [];
  if (lines.length > limits.maxEntries) throw new AppError('VALIDATION', `The bundle holds ${lines.length} ledger entries, over the limit of ${limits.maxEntries}.`);
  for (const [index, line] of lines.entries()) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new AppError('VALIDATION', `Ledger entry ${index + 1} of the bundle is not valid JSON.`);
    }
    const parsed = json !== null && typeof json === 'object' && 'stub' in json ? StubEntry.safeParse(json) : FullEntry.safeParse(json);
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

/** Checks the entries against themselves and the manifest (read-only); returns the latest clock. */
function checkEntries(core: Core, manifest: Manifest, items: Map<string, BundleEntry[]>, objects: Map<string, string>): string | null {
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
        continue;
      }
      full += 1;
      const { hash, ...unsigned } = item;
      if (entryHash(unsigned as Parameters<typeof entryHash>[0]) !== hash) throw new AppError('INTEGRITY', `The bundle's ${where} does not match its hash.`);
      const known = columns(item.entity as EntityName);
      for (const field of [...Object.keys(item.fields), ...Object.keys(item.prevClocks)]) {
        if (!known.has(field) || field === 'id') throw new AppError('VALIDATION', `The bundle's ${where} writes a field ${JSON.stringify(field)} that ${item.entity.replace(/_/g, ' ')} records do not have.`);
      }
      if ((item.entity === 'evidence' || item.entity === 'reports') && item.op === 'insert') {
        const sha = item.fields.sha256;
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
  // Entries made on a laptop whose key was revoked here are refused, even when another laptop relays them.
  const revoked = core.sqlite.prepare("SELECT p.actor FROM sync_peers p JOIN trusted_keys k ON k.fingerprint = p.fingerprint WHERE p.device_id = ? AND k.status = 'revoked'");
  const heldHere = core.sqlite.prepare('SELECT seq FROM ledger_heads WHERE device_id = ?');
  for (const range of manifest.ranges) {
    const owner = revoked.get(range.deviceId) as { actor: string } | undefined;
    const held = (heldHere.get(range.deviceId) as { seq: number } | undefined)?.seq ?? 0;
    if (owner && range.to > held) {
      throw new AppError(
        'UNAUTHORIZED',
        `The bundle carries new entries made on ${owner.actor}'s laptop (device ${range.deviceId}), whose key was revoked here: it was refused. The laptop that sent it has taken in ${owner.actor}'s work: revoke that key on every laptop of the team, or trust it again here.`,
      );
    }
  }
  checkOperations(core, items);
  // Entries must continue what this laptop holds, never contradict it.
  for (const range of manifest.ranges) {
    const list = items.get(range.deviceId) ?? [];
    if (list.length === 0) continue;
    checkAgainstLocal(core, range, list);
  }
  return maxHlc;
}

/** What the app itself never writes, so no genuine bundle holds it. */
const unchangeable: Record<string, Array<'update' | 'delete'>> = {
  evidence: ['update', 'delete'],
  custody_events: ['update', 'delete'],
  warroom_entries: ['update', 'delete'],
  template_versions: ['update', 'delete'],
  audit_amendments: ['update', 'delete'],
  reports: ['update', 'delete'],
  evidence_links: ['update'],
};

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
    if (!seen || entry.hlc < seen.hlc) created.set(key, { hlc: entry.hlc, fields: canonicalJson(entry.fields) });
  }
  for (const entry of full) {
    const where = `The bundle's entry #${entry.seq} of device ${entry.deviceId} (${entry.op} of ${entry.entity.replace(/_/g, ' ')} ${entry.entityId})`;
    if (entry.op !== 'insert' && (unchangeable[entry.entity] ?? []).includes(entry.op)) {
      throw new AppError('INTEGRITY', `${where} changes a record that is never changed: it was refused.`);
    }
    const local = localInsert.get(entry.entity, entry.entityId) as { hlc: string; fields: string } | undefined;
    const inBundle = created.get(`${entry.entity}\u0000${entry.entityId}`);
    const creation = local && (!inBundle || local.hlc <= inBundle.hlc) ? { hlc: local.hlc, fields: canonicalJson(JSON.parse(local.fields)) } : inBundle;
    // (The shipped template is made by every laptop; before it had fixed timestamps, copies differed in them.)
    if (entry.op === 'insert' && unchangeable[entry.entity] && entry.entityId !== DEFAULT_TEMPLATE_V1_ID && creation && creation.fields !== canonicalJson(entry.fields)) {
      throw new AppError('INTEGRITY', `${where} makes a second, different version of a record that is never changed: it was refused.`);
    }
    if (entry.op !== 'insert' && creation && entry.hlc <= creation.hlc) {
      throw new AppError('INTEGRITY', `${where} is dated before the record was created: it was refused.`);
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
        const seenClock = seq > 0 ? (clockOf(deviceId, seq) ?? localClock(core, deviceId, seq)) : undefined;
        if (seenClock !== undefined && seenClock >= entry.hlc) throw new AppError('INTEGRITY', `${where} claims to have seen entries dated after it: it was refused.`);
      }
    }
  }
}

function localClock(core: Core, deviceId: string, seq: number): string | undefined {
  const full = core.sqlite.prepare('SELECT hlc FROM ledger WHERE device_id = ? AND seq = ?').get(deviceId, seq) as { hlc: string } | undefined;
  if (full) return full.hlc;
  return (core.sqlite.prepare('SELECT hlc FROM ledger_stubs WHERE device_id = ? AND seq = ?').get(deviceId, seq) as { hlc: string } | undefined)?.hlc;
}

function localHash(core: Core, deviceId: string, seq: number): string | undefined {
  const full = core.sqlite.prepare('SELECT hash FROM ledger WHERE device_id = ? AND seq = ?').get(deviceId, seq) as { hash: string } | undefined;
  if (full) return full.hash;
  return (core.sqlite.prepare('SELECT hash FROM ledger_stubs WHERE device_id = ? AND seq = ?').get(deviceId, seq) as { hash: string } | undefined)?.hash;
}

function checkAgainstLocal(core: Core, range: Manifest['ranges'][number], list: BundleEntry[]): void {
  const head = core.sqlite.prepare('SELECT seq FROM ledger_heads WHERE device_id = ?').get(range.deviceId) as { seq: number } | undefined;
  const held = head?.seq ?? 0;
  const who = range.deviceId === core.deviceId ? "this laptop's own record" : `device ${range.deviceId}'s record`;
  if (range.from > held) {
    throw new AppError(
      'CONFLICT',
      `The bundle continues ${who} from entry #${range.from + 1}, but this laptop holds it only up to #${held}: a bundle in between is missing. Import the earlier bundle first, or ask for a whole-audit export (without "for a peer").`,
    );
  }
  if (range.from > 0 && localHash(core, range.deviceId, range.from) !== (list[0] as BundleEntry).prevHash) {
    throw new AppError('INTEGRITY', `The bundle's entries of ${who} do not follow on from the ones this laptop holds: the two records have split. Nothing was imported.`);
  }
  const before = range.from > 0 ? localClock(core, range.deviceId, range.from) : undefined;
  if (before !== undefined && (list[0] as BundleEntry).hlc <= before) {
    throw new AppError('INTEGRITY', `The bundle's entry #${range.from + 1} of ${who} is dated no later than the entry before it: it was refused.`);
  }
  for (const item of list) {
    if (item.seq > held) break;
    if (localHash(core, range.deviceId, item.seq) !== item.hash) {
      throw new AppError('INTEGRITY', `The bundle's entry #${item.seq} of ${who} differs from the one this laptop holds: the two records have split. Nothing was imported.`);
    }
  }
  if (range.deviceId === core.deviceId && range.to > held) {
    throw new AppError('INTEGRITY', "The bundle holds entries of this laptop's own record that this laptop does not have: it was made from a copy of this data folder. Nothing was imported.");
  }
}

/** Adds the entries this laptop lacks (inside the transaction); returns how many full entries were new. */
function writeEntries(core: Core, checked: Checked): number {
  const insertFull = core.sqlite.prepare(
    `INSERT INTO ledger (device_id, seq, hlc, actor, entity, entity_id, op, fields, prev_clocks, prev_hash, hash)
     VALUES (@deviceId, @seq, @hlc, @actor, @entity, @entityId, @op, @fields, @prevClocks, @prevHash, @hash)`,
  );
  const insertStub = core.sqlite.prepare('INSERT INTO ledger_stubs (device_id, seq, hlc, prev_hash, hash) VALUES (?, ?, ?, ?, ?)');
  const hasFull = core.sqlite.prepare('SELECT 1 FROM ledger WHERE device_id = ? AND seq = ?');
  const hasStub = core.sqlite.prepare('SELECT 1 FROM ledger_stubs WHERE device_id = ? AND seq = ?');
  const saveHead = core.sqlite.prepare(
    'INSERT INTO ledger_heads (device_id, seq, hash) VALUES (?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash WHERE excluded.seq > ledger_heads.seq',
  );
  let added = 0;
  for (const range of checked.manifest.ranges) {
    const list = checked.items.get(range.deviceId) ?? [];
    if (list.length === 0) continue;
    // Checked again inside the transaction: another window may have imported meanwhile.
    checkAgainstLocal(core, range, list);
    for (const item of list) {
      if (hasFull.get(item.deviceId, item.seq)) continue;
      if (isStub(item)) {
        if (!hasStub.get(item.deviceId, item.seq)) insertStub.run(item.deviceId, item.seq, item.hlc, item.prevHash, item.hash);
        continue;
      }
      insertFull.run({ ...item, fields: canonicalJson(item.fields), prevClocks: canonicalJson(item.prevClocks) });
      added += 1;
    }
    const last = list[list.length - 1] as BundleEntry;
    saveHead.run(range.deviceId, last.seq, last.hash);
  }
  return added;
}
