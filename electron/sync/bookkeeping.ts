import { randomUUID } from 'node:crypto';
import type { SyncFork, SyncStatus } from '../../shared/api/sync';
import type { Core } from '../services';
import type { BundleEntry } from './format';

// The one owner of sync's bookkeeping tables (sync_seen, sync_peer_seen, sync_peers, sync_imports,
// sync_received, sync_forks): what this laptop has seen of each chain, what each peer said it holds,
// the bundles imported and what each brought, and the forks kept out. No other file writes them
// (a unit test greps for it); sync_conflicts has its own owner, conflicts.ts. Writes run inside the
// import's transaction.

/** This laptop holds everything of the audit in the device's chain up to `seq` (never lowered here). */
export function markSeen(core: Core, auditId: string, deviceId: string, seq: number): void {
  core.sqlite
    .prepare('INSERT INTO sync_seen (audit_id, device_id, seq) VALUES (?, ?, ?) ON CONFLICT(audit_id, device_id) DO UPDATE SET seq = max(seq, excluded.seq)')
    .run(auditId, deviceId, seq);
}

/** A stretch of the device's chain from `from` on was taken out: nobody can be assumed to hold it any more. */
export function forgetSeenFrom(core: Core, deviceId: string, from: number): void {
  core.sqlite.prepare('UPDATE sync_seen SET seq = min(seq, ?) WHERE device_id = ?').run(from - 1, deviceId);
  core.sqlite.prepare('UPDATE sync_peer_seen SET seq = min(seq, ?) WHERE device_id = ?').run(from - 1, deviceId);
}

/** What the peer said, in its latest bundle, it holds of the device's chain for the audit. */
export function savePeerSeen(core: Core, peerDeviceId: string, auditId: string, deviceId: string, seq: number): void {
  core.sqlite
    .prepare(
      `INSERT INTO sync_peer_seen (peer_device_id, audit_id, device_id, seq) VALUES (?, ?, ?, ?)
       ON CONFLICT(peer_device_id, audit_id, device_id) DO UPDATE SET seq = excluded.seq`,
    )
    .run(peerDeviceId, auditId, deviceId, seq);
}

/** The peer holds another version of the device's chain from `from` on: what it is sent next starts before it. */
export function lowerPeerSeen(core: Core, peerDeviceId: string, deviceId: string, from: number): void {
  core.sqlite.prepare('UPDATE sync_peer_seen SET seq = min(seq, ?) WHERE peer_device_id = ? AND device_id = ?').run(from - 1, peerDeviceId, deviceId);
}

/** What the peer said it holds of each device's chain for the audit: where a delta for it starts. */
export function peerSeenOf(core: Core, peerDeviceId: string, auditId: string): Map<string, number> {
  const rows = core.sqlite.prepare('SELECT device_id AS deviceId, seq FROM sync_peer_seen WHERE peer_device_id = ? AND audit_id = ?').all(peerDeviceId, auditId) as Array<{ deviceId: string; seq: number }>;
  return new Map(rows.map((row) => [row.deviceId, row.seq]));
}

/** For each audit, what the peer said it holds of the device's chain. */
export function peerSeenByAudit(core: Core, peerDeviceId: string, deviceId: string): Array<{ auditId: string; seq: number }> {
  return core.sqlite.prepare('SELECT audit_id AS auditId, seq FROM sync_peer_seen WHERE peer_device_id = ? AND device_id = ? ORDER BY audit_id').all(peerDeviceId, deviceId) as Array<{
    auditId: string;
    seq: number;
  }>;
}

/** The laptop a bundle came from: its key now, its newest bundle's date, when it was last imported. */
export function savePeer(core: Core, peer: { deviceId: string; actor: string; fingerprint: string; bundleAt: string; importedAt: string }): void {
  core.sqlite
    .prepare(
      `INSERT INTO sync_peers (device_id, actor, fingerprint, last_bundle_at, last_import_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(device_id) DO UPDATE SET fingerprint = excluded.fingerprint,
         last_bundle_at = max(last_bundle_at, excluded.last_bundle_at), last_import_at = excluded.last_import_at`,
    )
    .run(peer.deviceId, peer.actor, peer.fingerprint, peer.bundleAt, peer.importedAt);
}

export interface ImportRecord {
  bundleId: string;
  fileSha256: string;
  auditId: string;
  fromDeviceId: string;
  actor: string;
  fingerprint: string;
  createdAt: string;
  importedAt: string;
  importedBy: string;
  newEntries: number;
  newObjects: number;
}

/** A bundle imported here (a second import of the same bundle records nothing). */
export function recordImport(core: Core, row: ImportRecord): void {
  core.sqlite
    .prepare(
      `INSERT INTO sync_imports (bundle_id, file_sha256, audit_id, from_device_id, actor, fingerprint, created_at, imported_at, imported_by, new_entries, new_objects)
       VALUES (@bundleId, @fileSha256, @auditId, @fromDeviceId, @actor, @fingerprint, @createdAt, @importedAt, @importedBy, @newEntries, @newObjects) ON CONFLICT(bundle_id) DO NOTHING`,
    )
    .run(row);
}

/** When this bundle (the same id from the same key) was imported here, or null. */
export function importedAt(core: Core, bundleId: string, fingerprint: string): string | null {
  const row = core.sqlite.prepare('SELECT imported_at AS importedAt FROM sync_imports WHERE bundle_id = ? AND fingerprint = ?').get(bundleId, fingerprint) as { importedAt: string } | undefined;
  return row?.importedAt ?? null;
}

/** The latest bundles imported here, newest first (without the audit's name). */
export function recentImports(core: Core, limit = 50): Array<Omit<SyncStatus['imports'][number], 'auditName'>> {
  return core.sqlite
    .prepare(
      `SELECT bundle_id AS bundleId, audit_id AS auditId, from_device_id AS fromDeviceId, actor, created_at AS createdAt, imported_at AS importedAt,
       imported_by AS importedBy, new_entries AS newEntries, new_objects AS newObjects FROM sync_imports ORDER BY imported_at DESC LIMIT ?`,
    )
    .all(limit) as Array<Omit<SyncStatus['imports'][number], 'auditName'>>;
}

/** What one bundle brought of a device's chain, and which laptop (key) relayed it. */
export function recordReceived(core: Core, row: { bundleId: string; deviceId: string; fromSeq: number; newFrom: number; toSeq: number; viaDeviceId: string; viaFingerprint: string }): void {
  core.sqlite
    .prepare('INSERT INTO sync_received (bundle_id, device_id, from_seq, new_from, to_seq, via_device_id, via_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(row.bundleId, row.deviceId, row.fromSeq, row.newFrom, row.toSeq, row.viaDeviceId, row.viaFingerprint);
}

/** How far into its own chain the device itself has vouched, in bundles it signed. */
export function confirmedUpTo(core: Core, deviceId: string): number {
  return (core.sqlite.prepare('SELECT max(to_seq) AS seq FROM sync_received WHERE device_id = ? AND via_device_id = ?').get(deviceId, deviceId) as { seq: number | null }).seq ?? 0;
}

/** The laptop whose bundle brought entry `seq` of a device's chain here, by the name it is known under. */
export function broughtBy(core: Core, deviceId: string, seq: number): SyncFork['relayedBy'] {
  const row = core.sqlite
    .prepare(
      `SELECT r.via_device_id AS deviceId, r.via_fingerprint AS fingerprint, coalesce(k.actor, p.actor, 'an unknown laptop') AS actor FROM sync_received r
       LEFT JOIN device_keys k ON k.device_id = r.via_device_id LEFT JOIN sync_peers p ON p.device_id = r.via_device_id
       WHERE r.device_id = ? AND r.new_from <= ? AND r.to_seq >= ? ORDER BY r.rowid DESC LIMIT 1`,
    )
    .get(deviceId, seq, seq) as SyncFork['relayedBy'] | undefined;
  return row ?? { deviceId: 'unknown', actor: 'a laptop (before this version kept track)', fingerprint: '' };
}

/** A version of a stretch of a device's chain kept out of the ledger (append-only). */
export function storeFork(core: Core, fork: { deviceId: string; outcome: SyncFork['outcome']; entries: BundleEntry[]; relayedBy: SyncFork['relayedBy']; bundleId: string; now: string }): void {
  const seqs = fork.entries.map((e) => e.seq);
  core.sqlite
    .prepare(
      `INSERT INTO sync_forks (id, device_id, from_seq, to_seq, outcome, relayed_by_device_id, relayed_by_actor, relayed_by_fingerprint, bundle_id, detected_at, entries)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(randomUUID(), fork.deviceId, Math.min(...seqs), Math.max(...seqs), fork.outcome, fork.relayedBy.deviceId, fork.relayedBy.actor, fork.relayedBy.fingerprint, fork.bundleId, fork.now, JSON.stringify(fork.entries));
}
