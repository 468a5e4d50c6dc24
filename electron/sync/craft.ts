import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { canonicalJson } from '../ledger/canonical';
import { entryHash } from '../ledger/ledger';
import { keyAndCertificate, loadIdentity } from '../identity/identity';
import type { Core } from '../services';
import { writeSignedZip } from './bundle-file';
import type { BundleEntry, FullEntry, Manifest, StubEntry } from './format';

// For tests only: what a hostile but trusted laptop can do with its own key. It reads a real bundle,
// changes what it likes (entries, the manifest's claims), recomputes counts and file hashes so that
// every shape check passes, and signs the result with its own key.

export interface BundleParts {
  manifest: Manifest;
  entries: BundleEntry[];
  objects: Array<{ name: string; data: Buffer }>;
}

/** Every file of a zip by name, read without any of the import's checks (for tests that craft bundles). */
export async function readZipFiles(file: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, async (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(chunk as Buffer);
          files.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        }),
      );
      zip.on('end', resolve);
      zip.readEntry();
    });
  });
  return files;
}

export async function readParts(file: string): Promise<BundleParts> {
  const files = await readZipFiles(file);
  const text = files.get('entries.jsonl')?.toString() ?? '';
  return {
    manifest: JSON.parse(files.get('manifest.json')!.toString()) as Manifest,
    entries: text.trim() === '' ? [] : text.trim().split('\n').map((l) => JSON.parse(l) as BundleEntry),
    objects: [...files].filter(([name]) => name.startsWith('objects/')).map(([name, data]) => ({ name, data })),
  };
}

/** Rebuilds ranges, counts and file list from the entries (keeping the claims given), and signs with `signer`'s key. */
export async function writeParts(signer: Core, parts: BundleParts, out: string, claims: Partial<Manifest> = {}): Promise<string> {
  const byDevice = new Map<string, BundleEntry[]>();
  for (const entry of parts.entries) {
    const list = byDevice.get(entry.deviceId) ?? [];
    list.push(entry);
    byDevice.set(entry.deviceId, list);
  }
  const ranges = [...byDevice].map(([deviceId, list]) => ({ deviceId, from: (list[0] as BundleEntry).seq - 1, to: (list[list.length - 1] as BundleEntry).seq }));
  const have = { ...parts.manifest.have };
  for (const range of ranges) have[range.deviceId] = Math.max(have[range.deviceId] ?? 0, range.to);
  const entries = Buffer.from(parts.entries.length > 0 ? `${parts.entries.map((e) => canonicalJson(e)).join('\n')}\n` : '', 'utf8');
  const identity = loadIdentity(signer.layout.root, signer.actor)!;
  const manifest: Manifest = {
    ...parts.manifest,
    bundleId: randomUUID(),
    from: { deviceId: signer.deviceId, actor: signer.actor, fingerprint: identity.fingerprint },
    have,
    ranges,
    counts: { entries: parts.entries.filter((e) => !('stub' in e)).length, stubs: parts.entries.filter((e) => 'stub' in e).length, objects: parts.objects.length },
    files: [
      { name: 'entries.jsonl', size: entries.length, sha256: createHash('sha256').update(entries).digest('hex') },
      ...parts.objects.map((o) => ({ name: o.name, size: o.data.length, sha256: o.name.slice('objects/'.length) })),
    ],
    ...claims,
  };
  const manifestBuffer = Buffer.from(JSON.stringify(manifest), 'utf8');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await writeSignedZip(
    out,
    [
      { name: 'manifest.json', buffer: manifestBuffer, size: manifestBuffer.length },
      { name: 'entries.jsonl', buffer: entries, size: entries.length },
      ...parts.objects.map((o) => ({ name: o.name, buffer: o.data, size: o.data.length })),
    ],
    keyAndCertificate(identity),
    () => {},
  );
  return out;
}

/** A well-formed entry following `after` in its device's chain (hash computed, clock later). */
export function nextEntry(after: BundleEntry, change: Pick<FullEntry, 'entity' | 'entityId' | 'op' | 'fields'> & { actor?: string }): FullEntry {
  const millis = Number(after.hlc.slice(0, 15)) + 1000;
  const unsigned = {
    deviceId: after.deviceId,
    seq: after.seq + 1,
    hlc: `${String(millis).padStart(15, '0')}-000000-${after.deviceId}`,
    actor: change.actor ?? 'Forger',
    entity: change.entity,
    entityId: change.entityId,
    op: change.op,
    fields: change.fields,
    prevClocks: {},
    prevHash: after.hash,
  };
  return { ...unsigned, hash: entryHash(unsigned) };
}

/** A chain of `count` stubs for a device, from the start. */
export function stubChain(deviceId: string, count: number, startMillis = Date.now() - 86_400_000): StubEntry[] {
  const stubs: StubEntry[] = [];
  let prevHash = '0'.repeat(64);
  for (let seq = 1; seq <= count; seq += 1) {
    const hash = createHash('sha256').update(`${deviceId}:${seq}`).digest('hex');
    stubs.push({ stub: true, deviceId, seq, hlc: `${String(startMillis + seq).padStart(15, '0')}-000000-${deviceId}`, prevHash, hash });
    prevHash = hash;
  }
  return stubs;
}
