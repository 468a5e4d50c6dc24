import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { TrustState } from '../../shared/api/sync';
import type { Core } from '../services';
import { bundleLimits, type BundleLimits, type BundleSigner } from './bundle-file';
import { readZip } from './bundle-read';
import { checkSignature, openBundle } from './bundle-signature';
import { checkEntries, parseEntries } from './check-entries';
import type { Progress } from './export';
import { BUNDLE_VERSION, Manifest, type BundleEntry } from './format';
import type { RangePlan, Sender } from './forks';
import { refuseClaimedDevice, type Rotation } from './rotation';
import { trustOfFingerprint } from './trust';

// Reading and checking a bundle before anything is written (see import.ts): the signature over the
// whole file, trust in the signer, the zip's shape, each file's size and hash, each entry's hash and
// its link to the one before.

export interface Checked {
  signer: BundleSigner;
  manifest: Manifest;
  items: Map<string, BundleEntry[]>;
  /** How each device's range joins what is held here: what is written, kept out or replaced. */
  plans: RangePlan[];
  objects: Map<string, string>;
  /** Every staged object fsynced (see ZipContents.synced). */
  synced: Promise<void>;
  maxHlc: string | null;
  /** Only the manifest was read (a key not trusted here): the entries are not checked yet. */
  manifestOnly: boolean;
  /** The device's new key, endorsed by the key it is bound to here (null: no key change). */
  rotation: Rotation | null;
}

export const senderOf = (manifest: Manifest, signer: BundleSigner): Sender => ({ deviceId: manifest.from.deviceId, actor: signer.commonName, fingerprint: signer.fingerprint });

/** Who signed a bundle and what its manifest says, with no data folder at all (a laptop not set up yet). */
export async function readBundleHead(file: string, limits: BundleLimits = bundleLimits): Promise<{ signer: BundleSigner; manifest: Manifest }> {
  const bundle = await openBundle(file);
  try {
    const signer = await checkSignature(bundle, limits, () => {});
    const staging = await fsp.mkdtemp(path.join(os.tmpdir(), 'release-audit-bundle-'));
    try {
      let manifest: Manifest | undefined;
      await readZip(bundle.handle, staging, limits, (bytes) => (manifest = parseManifest(bytes, limits)).files, () => {}, undefined, true);
      return { signer, manifest: manifest as Manifest };
    } finally {
      await fsp.rm(staging, { recursive: true, force: true });
    }
  } finally {
    await bundle.handle.close();
  }
}

function parseManifest(bytes: Buffer, limits: BundleLimits): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AppError('VALIDATION', 'The bundle manifest is not valid JSON.');
  }
  const version = json !== null && typeof json === 'object' ? (json as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > BUNDLE_VERSION) {
    throw new AppError('VALIDATION', `The bundle was made by a newer version of Release Audit (bundle format ${version}; this laptop reads up to ${BUNDLE_VERSION}). Update the app on this laptop, then import it again.`);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('VALIDATION', `The bundle manifest is not one this version reads (${issue ? `${issue.path.join('.') || 'manifest'}: ${issue.message}` : 'unknown shape'}).`);
  }
  if (parsed.data.files.length + 1 > limits.maxFiles) throw new AppError('VALIDATION', `The bundle lists ${parsed.data.files.length} files, over the limit of ${limits.maxFiles}.`);
  return parsed.data;
}

export async function checkBundle(
  core: Core,
  file: string,
  staging: string,
  limits: BundleLimits,
  progress: Progress,
  signal: AbortSignal | undefined,
  /** Told who signed and how far they are trusted: throws to refuse, or returns true to read only the manifest. */
  gate: (trust: { trust: TrustState; revokedAt: string | null }, signer: BundleSigner) => boolean,
  /** Told, once the manifest is read (before anything else is unpacked), whether the device's bound key endorsed the signer: throws to refuse. */
  admit: (trust: { trust: TrustState; revokedAt: string | null }, signer: BundleSigner, rotation: Rotation | null) => void = () => {},
): Promise<Checked> {
  progress('Checking the signature', 0);
  // Opened once: the signature is checked, and the files then read, through the same handle.
  const bundle = await openBundle(file);
  let contents: Awaited<ReturnType<typeof readZip>>;
  let signer: BundleSigner;
  let manifest: Manifest | undefined;
  let rotation: Rotation | null = null;
  let manifestOnly: boolean;
  try {
    signer = await checkSignature(bundle, limits, (done, total) => progress('Checking the signature', 0.3 * (done / Math.max(1, total)), { done, total }), signal);
    const trust = trustOfFingerprint(core, signer.fingerprint);
    manifestOnly = gate(trust, signer);
    contents = await readZip(
      bundle.handle,
      staging,
      limits,
      (bytes) => {
        const m = parseManifest(bytes, limits);
        if (m.from.fingerprint !== signer.fingerprint) throw new AppError('INTEGRITY', 'The bundle names another key than the one that signed it: it was refused.');
        rotation = refuseClaimedDevice(core, m, signer, trust, admit);
        manifest = m;
        return m.files;
      },
      (done, total) => progress('Reading the bundle', 0.3 + 0.35 * (done / Math.max(1, total)), { done, total }),
      signal,
      manifestOnly,
    );
  } finally {
    await bundle.handle.close();
  }
  const m = manifest as unknown as Manifest;
  if (manifestOnly) return { signer, manifest: m, items: new Map(), plans: [], objects: new Map(), synced: contents.synced, maxHlc: null, manifestOnly, rotation };
  // The staged files are fsynced meanwhile; a refusal here waits for that before the staging folder goes.
  try {
    const items = parseEntries(contents.entries, limits);
    const { maxHlc, plans } = checkEntries(core, m, items, contents.objects, limits, senderOf(m, signer));
    return { signer, manifest: m, items, plans, objects: contents.objects, synced: contents.synced, maxHlc, manifestOnly, rotation };
  } catch (error) {
    await contents.synced.catch(() => undefined);
    throw error;
  }
}
