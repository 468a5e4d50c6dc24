import { randomUUID } from 'node:crypto';
import type { Progress } from '../jobs/jobs';
import fs from 'node:fs';
import path from 'node:path';
import { sealHead } from '../ledger/checkpoints';
import { AppError } from '../../shared/api/errors';
import { createSelfSignedIdentity, keyAndCertificate, loadIdentity } from '../identity/identity';
import { rotationsOf } from '../identity/identity-rotation';
import { rowOrNotFound } from '../rows';
import type { Core } from '../services';
import { writeSignedZip, type BundlePart } from './bundle-file';
import { collectEntries } from './export-entries';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BUNDLE_VERSION_WITHOUT_ROTATIONS, type Manifest } from './format';
import { auditHeads } from '../ledger/seen';
import { findPeer } from './peers';
import type { ExportResult as ExportedBundle } from '../../shared/api/sync';
import { peerSeenOf } from './bookkeeping';

// A bundle for one audit: every entry of every device's chain this laptop holds, from where the
// peer it is for last said it was (or from the start), with entries of other audits replaced by
// stubs so the chains still link, plus the evidence files the entries name.

export interface ExportRequest {
  auditId: string;
  out: string;
  /** A peer's device id, the start of it, or its auditor's name: only what it has not seen. */
  forPeer?: string | null;
  /** How far the receiver says it holds each device's chain of the audit (a team hub's pull): only what is past it goes. */
  since?: Record<string, number> | null;
}

/** The contract's export result, with the file written instead of the download the host offers for it. */
export type ExportResult = Omit<ExportedBundle, 'downloadId' | 'fileName'> & { file: string };

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

  // The entries go to a file beside the bundle as they are read (hashed on the way), never held
  // as a whole: the manifest, written first, needs their hash and counts.
  const entriesFile = path.join(outDir, `.${path.basename(out)}.${process.pid}.entries`);
  try {
    // One read transaction: the bundle is a consistent cut even while someone keeps typing.
    const snapshot = core.sqlite.transaction(() => {
      const peer = request.forPeer ? findPeer(core, request.forPeer) : null;
      const have = auditHeads(core.sqlite, audit.id, core.deviceId);
      const base = request.since ? new Map(Object.entries(request.since)) : peer ? peerSeenOf(core, peer.deviceId, audit.id) : new Map<string, number>();
      const written = collectEntries(core, audit.id, have, base, entriesFile);
      return { peer, have, ...written, fromStart: base.size === 0 };
    })();
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
        { name: 'entries.jsonl', size: snapshot.entriesBytes, sha256: snapshot.entriesSha256 },
        // An object's name is its hash: the vault checked it on the way in and `verify` checks it since.
        ...objectParts.map((part) => ({ name: part.name, size: part.size, sha256: part.name.slice('objects/'.length) })),
      ],
    };
    const manifestBuffer = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
    const bytes = await writeSignedZip(
      out,
      [{ name: 'manifest.json', buffer: manifestBuffer, size: manifestBuffer.length }, { name: 'entries.jsonl', file: entriesFile, size: snapshot.entriesBytes, compress: true }, ...objectParts],
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
  } finally {
    fs.rmSync(entriesFile, { force: true });
  }
}
