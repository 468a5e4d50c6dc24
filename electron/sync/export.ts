import { createHash, randomUUID } from 'node:crypto';
import type { Progress } from '../jobs/jobs';
import fs from 'node:fs';
import path from 'node:path';
import { sealHead } from '../ledger/checkpoints';
import { AppError } from '../../shared/api/errors';
import { canonicalJson } from '../ledger/canonical';
import type { LedgerRow } from '../ledger/ledger';
import { scopeOfLedger } from '../ledger/scope';
import { isRecordKind, recordKind } from '../registry/registry';
import { createSelfSignedIdentity, keyAndCertificate, loadIdentity } from '../reports/identity';
import { rotationsOf } from '../reports/identity-rotation';
import { rowOrNotFound } from '../rows';
import type { Core } from '../services';
import { bundleLimits, writeSignedZip, type BundlePart } from './bundle-file';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BUNDLE_VERSION_WITHOUT_ROTATIONS, type BundleEntry, type Manifest } from './format';
import { auditHeads } from './seen';
import { findPeer } from './peers';

// A bundle for one audit: every entry of every device's chain this laptop holds, from where the
// peer it is for last said it was (or from the start), with entries of other audits replaced by
// stubs so the chains still link, plus the evidence files the entries name.

export interface ExportRequest {
  auditId: string;
  out: string;
  /** A peer's device id, the start of it, or its auditor's name: only what it has not seen. */
  forPeer?: string | null;
}

export interface ExportResult {
  file: string;
  bytes: number;
  bundleId: string;
  auditName: string;
  entries: number;
  stubs: number;
  objects: number;
  forPeer: { deviceId: string; actor: string } | null;
  /** No peer, or a peer that has not said what it holds of this audit: everything from the start. */
  fromStart: boolean;
}

export type { Progress };

export async function exportBundle(core: Core, request: ExportRequest, progress: Progress = () => {}, signal?: AbortSignal): Promise<ExportResult> {
  const out = path.resolve(request.out);
  const outDir = path.dirname(out);
  if (!fs.existsSync(outDir) || !fs.statSync(outDir).isDirectory()) throw new AppError('NOT_FOUND', `The folder ${outDir} does not exist.`);
  if (fs.existsSync(out) && !fs.statSync(out).isFile()) throw new AppError('VALIDATION', `${out} is not a regular file: choose a file name to write the bundle to.`);
  const audit = rowOrNotFound(core, 'audits', request.auditId, 'audit');
  progress('Collecting entries', 0);
  const identity = loadIdentity(core.layout.root, core.actor) ?? createSelfSignedIdentity(core.layout.root, core.actor, 'Auditor', core.actor);
  const signer = keyAndCertificate(identity);
  // This laptop's head, signed as it exports: the receiver holds it against relayed copies of this record.
  const signedHead = core.sqlite.transaction(() => sealHead(core.sqlite, core.deviceId, { name: identity.name, ...signer }, 'bundle', core.ledger.nextClock())).immediate();

  // One read transaction: the bundle is a consistent cut even while someone keeps typing.
  const snapshot = core.sqlite.transaction(() => {
    const peer = request.forPeer ? findPeer(core, request.forPeer) : null;
    const have = auditHeads(core.sqlite, audit.id, core.deviceId);
    const base = new Map<string, number>();
    if (peer) {
      const rows = core.sqlite
        .prepare('SELECT device_id AS deviceId, seq FROM sync_peer_seen WHERE peer_device_id = ? AND audit_id = ?')
        .all(peer.deviceId, audit.id) as Array<{ deviceId: string; seq: number }>;
      for (const row of rows) base.set(row.deviceId, row.seq);
    }
    const scope = scopeOfLedger(core.sqlite);
    const fullRows = core.sqlite.prepare(
      `SELECT device_id AS deviceId, seq, hlc, actor, entity, entity_id AS entityId, op, fields, prev_clocks AS prevClocks, prev_hash AS prevHash, hash
       FROM ledger WHERE device_id = ? AND seq > ? AND seq <= ? ORDER BY seq`,
    );
    const stubRows = core.sqlite.prepare('SELECT seq, hlc, prev_hash AS prevHash, hash FROM ledger_stubs WHERE device_id = ? AND seq > ? AND seq <= ? ORDER BY seq');
    const lines: string[] = [];
    const ranges: Manifest['ranges'] = [];
    const objects = new Set<string>();
    let entries = 0;
    let stubs = 0;
    for (const deviceId of Object.keys(have).sort()) {
      const to = have[deviceId] as number;
      const from = Math.min(base.get(deviceId) ?? 0, to);
      if (to <= from) continue;
      const full = new Map((fullRows.all(deviceId, from, to) as LedgerRow[]).map((row) => [row.seq, row]));
      const start = lines.length;
      let lastFull = -1;
      const held = new Map((stubRows.all(deviceId, from, to) as Array<{ seq: number; hlc: string; prevHash: string; hash: string }>).map((row) => [row.seq, row]));
      for (let seq = from + 1; seq <= to; seq += 1) {
        const row = full.get(seq);
        const fields = row ? (JSON.parse(row.fields) as Record<string, unknown>) : null;
        // A kind of record this app does not know has no owner to decide which audit's bundle it goes in: it is never shipped.
        if (row && !isRecordKind(row.entity)) {
          throw new AppError('INTEGRITY', `Entry #${seq} of device ${deviceId}'s record is of a kind of record this app does not know (${JSON.stringify(row.entity.slice(0, 60))}): the bundle was not written. Run verify.`);
        }
        const owner = row ? scope.auditOf(row.entity, row.entityId) : null;
        let line: BundleEntry;
        if (row && fields && (owner === audit.id || owner === null || owner === undefined)) {
          line = { ...row, fields, prevClocks: JSON.parse(row.prevClocks) as Record<string, string | null> };
          entries += 1;
          lastFull = seq;
          const vaultFile = recordKind(row.entity)?.vaultFile;
          const sha = vaultFile ? fields[vaultFile] : undefined;
          if (typeof sha === 'string') {
            if (!core.vault.has(sha)) throw new AppError('INTEGRITY', `The vault is missing the file ${sha.slice(0, 12)}… that ${row.entity} ${row.entityId} holds: run verify before exporting.`);
            objects.add(sha);
          }
        } else {
          const stub = row ?? held.get(seq);
          if (!stub) throw new AppError('INTEGRITY', `This laptop's copy of device ${deviceId}'s record is missing entry #${seq}: run verify.`);
          line = { stub: true, deviceId, seq, hlc: stub.hlc, prevHash: stub.prevHash, hash: stub.hash };
          stubs += 1;
        }
        lines.push(canonicalJson(line));
      }
      // Stubs only link the entries after them: none goes after the device's last entry of the audit
      // (the receiver would not keep it), and a chain with no entry of the audit is left out.
      const trailing = lastFull < 0 ? to - from : to - lastFull;
      lines.length -= trailing;
      stubs -= trailing;
      if (lines.length > start) ranges.push({ deviceId, from, to: lastFull });
    }
    return { peer, have, ranges, lines, objects: [...objects].sort(), entries, stubs, fromStart: base.size === 0 };
  })();

  const entriesBytes = snapshot.lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
  if (snapshot.lines.length > bundleLimits.maxEntries || entriesBytes > bundleLimits.maxEntriesBytes) {
    throw new AppError(
      'VALIDATION',
      `This audit's history (${snapshot.lines.length} entries, ${entriesBytes} bytes) is over what one bundle may carry (${bundleLimits.maxEntries} entries, ${bundleLimits.maxEntriesBytes} bytes): export for a peer, so that only what it has not seen goes.`,
    );
  }
  const entriesBuffer = Buffer.from(snapshot.lines.length > 0 ? `${snapshot.lines.join('\n')}\n` : '', 'utf8');
  const objectParts: BundlePart[] = snapshot.objects.map((sha) => {
    const file = core.vault.objectPath(sha);
    return { name: `objects/${sha}`, file, size: fs.statSync(file).size };
  });
  // Every key this device signed with before endorsed the next: peers that trust an earlier one follow the chain.
  const rotations = rotationsOf(core.layout.root, core.deviceId);
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    version: rotations.length > 0 ? BUNDLE_VERSION : BUNDLE_VERSION_WITHOUT_ROTATIONS,
    bundleId: randomUUID(),
    createdAt: new Date().toISOString(),
    appVersion: core.appVersion,
    audit: { id: audit.id, name: audit.name },
    from: { deviceId: core.deviceId, actor: core.actor, fingerprint: identity.fingerprint },
    forDeviceId: snapshot.peer?.deviceId ?? null,
    have: snapshot.have,
    ranges: snapshot.ranges,
    signedHead,
    ...(rotations.length > 0 ? { rotations } : {}),
    counts: { entries: snapshot.entries, stubs: snapshot.stubs, objects: objectParts.length },
    files: [
      { name: 'entries.jsonl', size: entriesBuffer.length, sha256: createHash('sha256').update(entriesBuffer).digest('hex') },
      // An object's name is its hash: the vault checked it on the way in and `verify` checks it since.
      ...objectParts.map((part) => ({ name: part.name, size: part.size, sha256: part.name.slice('objects/'.length) })),
    ],
  };
  const manifestBuffer = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
  const bytes = await writeSignedZip(
    out,
    [{ name: 'manifest.json', buffer: manifestBuffer, size: manifestBuffer.length }, { name: 'entries.jsonl', buffer: entriesBuffer, size: entriesBuffer.length }, ...objectParts],
    signer,
    (done, total) => progress('Writing the bundle', 0.05 + 0.95 * (done / Math.max(1, total)), { done, total }),
    signal,
  );
  return {
    file: out,
    bytes,
    bundleId: manifest.bundleId,
    auditName: audit.name,
    entries: snapshot.entries,
    stubs: snapshot.stubs,
    objects: objectParts.length,
    forPeer: snapshot.peer ? { deviceId: snapshot.peer.deviceId, actor: snapshot.peer.actor } : null,
    fromStart: snapshot.fromStart,
  };
}
