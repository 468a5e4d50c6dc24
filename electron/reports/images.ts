import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Evidence } from '../../shared/api/evidence';
import { ThumbnailBatch, type ThumbnailProcessUse } from './thumbnail-process';

// Screenshots in a report are printed as thumbnails in a box of THUMBNAIL_BOX points. A screenshot is
// often far larger than that box needs (a 4K capture is 30 times the pixels of a 300 dpi thumbnail),
// and pdfmake embeds whatever it is handed, so each image is downscaled once to print resolution for
// the printed size, kept by its SHA-256 (a second citation, or the next report, reuses it), and given
// to pdfmake once, by name, in the document's `images` dictionary: the PDF stores it once.

/** Where a thumbnail is printed: at most this wide and high, in points (1/72 inch). */
export const THUMBNAIL_BOX: [number, number] = [220, 140];
/** Print resolution, in dots per inch. */
export const PRINT_DPI = 300;
/** Larger files are not printed as thumbnails: the caption and SHA-256 still name them. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/** And larger images are not decoded at all (a bomb of a PNG is refused, not expanded). */
const MAX_INPUT_PIXELS = 100_000_000;
/** How many images are decoded at a time: bounds memory, and keeps both cores for the rest. */
const IN_FLIGHT = 2;
/** Thumbnails kept between reports, by size: about 400 screenshots at 300 dpi. */
const CACHE_BYTES = 64 * 1024 * 1024;

// Thumbnails are also kept on disk, in the data folder's cache/thumbnails, so that the first report of a
// new process (the command line, the app after a restart) does not decode every screenshot again. Derived
// data, safe to lose: each file names the original's SHA-256, the pixel box and the JPEG's own SHA-256
// in its first line, is written to a temporary file and renamed, and is used only when all of them match.
// Anyone who can write the data folder could plant a picture there under a matching key, so a signed
// report takes from disk only a thumbnail sealed with its signer's key (an HMAC keyed by a secret derived
// from the private key, which never leaves the passphrase-protected identity): any other it makes again
// from the original in the vault, and keeps sealed. A draft (unsigned) report takes either.
// Any change to how a thumbnail is made (thumbnail-worker.mjs: its size, rotation, flattening, JPEG settings)
// must change this tag, or thumbnails made the old way go on being used.
const CACHE_FORMAT = 'release-audit thumbnail 1';

/** The image a report prints for a piece of evidence: its name in the document's `images` dictionary. */
export interface PrintImage {
  name: string;
  /** The downscaled JPEG as a data URL, the same string for every citation of it; null while it is being made. */
  dataUrl: string | null;
  width: number;
  height: number;
  /**
   * While the thumbnail is being made (printImagesAsMade): its JPEG when made, or null when it could not be
   * made after all. `width` and `height` are then the size its file's header promises, which the layout uses.
   */
  pending?: Promise<Buffer | null>;
}

/** Pixels needed to print `points` at PRINT_DPI. */
export function printPixels(points: number): number {
  return Math.round((points / 72) * PRINT_DPI);
}

export function isPrintableImage(e: Evidence): boolean {
  return (e.mediaType === 'image/png' || e.mediaType === 'image/jpeg') && e.size <= MAX_IMAGE_BYTES;
}

interface Thumbnail {
  jpeg: Buffer;
  width: number;
  height: number;
  /** Made here from the original, or read from disk under a valid seal: a signed report may print it. */
  trusted: boolean;
}

/** The secret that seals thumbnails for a signer, derived from their private key (PEM). */
export function thumbnailSealKey(privateKeyPem: string): Buffer {
  return crypto.createHmac('sha256', 'release-audit thumbnail seal 1').update(privateKeyPem).digest();
}

function sealOf(key: Buffer, header: Omit<CacheHeader, 'seal'>): string {
  return crypto.createHmac('sha256', key).update(JSON.stringify([header.format, header.sha256, header.box, header.width, header.height, header.jpegSha256])).digest('hex');
}

/** Downscaled thumbnails by the SHA-256 of their original, least recently used first (a Map keeps insertion order). */
const cache = new Map<string, Promise<Thumbnail | null>>();
const cachedBytes = new Map<string, number>();

function remember(sha256: string, made: Promise<Thumbnail | null>): Promise<Thumbnail | null> {
  cache.set(sha256, made);
  void made.then((thumbnail) => {
    if (cache.get(sha256) !== made) return;
    if (!thumbnail) return void cache.delete(sha256);
    cachedBytes.set(sha256, thumbnail.jpeg.length);
    let total = [...cachedBytes.values()].reduce((a, b) => a + b, 0);
    for (const key of cache.keys()) {
      if (total <= CACHE_BYTES || key === sha256) break;
      total -= cachedBytes.get(key) ?? 0;
      cache.delete(key);
      cachedBytes.delete(key);
    }
  });
  return made;
}

/** The data folder's cache of thumbnails. */
export function thumbnailCacheDir(dataRoot: string): string {
  return path.join(dataRoot, 'cache', 'thumbnails');
}

/** The pixel box a thumbnail is fitted in: part of every cache key. */
function pixelBox(): [number, number] {
  return [printPixels(THUMBNAIL_BOX[0]), printPixels(THUMBNAIL_BOX[1])];
}

/** Where the thumbnail of the original with this SHA-256 is kept on disk, for the current box. */
export function thumbnailCacheFile(cacheDir: string, sha256: string): string {
  const [w, h] = pixelBox();
  return path.join(cacheDir, `${sha256}-${w}x${h}.thumb`);
}

interface CacheHeader {
  format: string;
  sha256: string;
  box: [number, number];
  width: number;
  height: number;
  jpegSha256: string;
  /** HMAC of the fields above under a signer's seal key (thumbnails a signed report made). */
  seal?: string;
}

/**
 * Whether the cache folder is a folder of the data folder's own: never a link (nor its parent) to
 * somewhere else, whose files the prune would delete and the writes fill.
 */
function ownFolder(cacheDir: string): boolean {
  for (const folder of [cacheDir, path.dirname(cacheDir)]) {
    const stat = fs.lstatSync(folder, { throwIfNoEntry: false });
    if (stat && !stat.isDirectory()) return false;
  }
  return true;
}

/**
 * The thumbnail kept on disk for this original, or null when there is none or it does not match its key;
 * with a seal key, also null unless it is sealed with that key.
 */
function readCached(cacheDir: string, sha256: string, sealKey: Buffer | null): Thumbnail | null {
  let bytes: Buffer;
  try {
    if (!ownFolder(cacheDir)) return null;
    bytes = fs.readFileSync(thumbnailCacheFile(cacheDir, sha256));
  } catch {
    return null;
  }
  const end = bytes.indexOf(0x0a);
  if (end < 0 || end > 1024) return null;
  let header: CacheHeader;
  try {
    header = JSON.parse(bytes.subarray(0, end).toString('utf8')) as CacheHeader;
  } catch {
    return null;
  }
  const jpeg = bytes.subarray(end + 1);
  const [w, h] = pixelBox();
  const matches =
    header.format === CACHE_FORMAT &&
    header.sha256 === sha256 &&
    Array.isArray(header.box) && header.box[0] === w && header.box[1] === h &&
    Number.isInteger(header.width) && header.width > 0 && header.width <= w &&
    Number.isInteger(header.height) && header.height > 0 && header.height <= h &&
    header.jpegSha256 === crypto.createHash('sha256').update(jpeg).digest('hex');
  if (!matches) return null;
  if (!sealKey) return { jpeg, width: header.width, height: header.height, trusted: false };
  const expected = Buffer.from(sealOf(sealKey, header), 'hex');
  const seal = typeof header.seal === 'string' && /^[0-9a-f]{64}$/.test(header.seal) ? Buffer.from(header.seal, 'hex') : null;
  return seal && crypto.timingSafeEqual(seal, expected) ? { jpeg, width: header.width, height: header.height, trusted: true } : null;
}

/** Keeps a thumbnail on disk (atomically: a temporary file renamed); a cache that cannot be written is only slower. */
function writeCached(cacheDir: string, sha256: string, t: Thumbnail, sealKey: Buffer | null): void {
  const file = thumbnailCacheFile(cacheDir, sha256);
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    if (!ownFolder(cacheDir)) return;
    const fields: CacheHeader = { format: CACHE_FORMAT, sha256, box: pixelBox(), width: t.width, height: t.height, jpegSha256: crypto.createHash('sha256').update(t.jpeg).digest('hex') };
    const header: CacheHeader = sealKey ? { ...fields, seal: sealOf(sealKey, fields) } : fields;
    fs.writeFileSync(temp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), t.jpeg]), { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing was written there either.
    }
  }
}

/**
 * The thumbnail of one original: from disk when kept there and matching (and sealed, for a signed
 * report), else made and kept. With `onlyTrusted` and no seal key, nothing is taken from disk.
 */
async function thumbnailOf(file: string, sha256: string, cacheDir: string | null, sealKey: Buffer | null, onlyTrusted: boolean, batch: () => ThumbnailBatch): Promise<Thumbnail | null> {
  const kept = cacheDir && (sealKey || !onlyTrusted) ? readCached(cacheDir, sha256, sealKey) : null;
  if (kept) return kept;
  const made = await batch().make(file);
  if (!made) return null;
  const thumbnail = { ...made, trusted: true };
  if (cacheDir) writeCached(cacheDir, sha256, thumbnail, sealKey);
  return thumbnail;
}

/** What a batch's thumbnail process used, and this process's own peak when it ended (they overlap only until then). */
export type ThumbnailsMade = ThumbnailProcessUse & { reportPeakMiB: number };

let lastProcess: ThumbnailsMade | null = null;

/** What the process that made the last report's thumbnails used (null when none had to be made): benches. */
export function lastThumbnailProcess(): ThumbnailsMade | null {
  return lastProcess;
}

const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Removes from the disk cache the thumbnails of originals no longer in the vault, those made for another
 * box, and temporary files an interrupted write left (older than an hour). Never fails a report.
 */
export function pruneThumbnailCache(cacheDir: string, originalExists: (sha256: string) => boolean, now = Date.now()): number {
  let names: string[];
  try {
    if (!ownFolder(cacheDir)) return 0;
    names = fs.readdirSync(cacheDir);
  } catch {
    return 0;
  }
  const [w, h] = pixelBox();
  let removed = 0;
  for (const name of names) {
    const file = path.join(cacheDir, name);
    const kept = /^([0-9a-f]{64})-(\d+)x(\d+)\.thumb$/.exec(name);
    // Only files this cache writes are ever removed: its thumbnails and its own temporary files.
    const temp = /^[0-9a-f]{64}-\d+x\d+\.thumb\.\d+\.[0-9a-f]+\.tmp$/.test(name);
    if (!kept && !temp) continue;
    try {
      const stale = kept ? !(Number(kept[2]) === w && Number(kept[3]) === h && originalExists(kept[1] as string)) : now - fs.lstatSync(file).mtimeMs > STALE_TEMP_MS;
      if (!stale) continue;
      fs.rmSync(file, { force: true });
      removed += 1;
    } catch {
      // Left for the next report.
    }
  }
  return removed;
}

/** Forgets the thumbnails kept in memory (as a new process would start): tests and benches. */
export function forgetThumbnailsInMemory(): void {
  cache.clear();
  cachedBytes.clear();
}

/**
 * The thumbnails of these images by evidence id, each made once (cached by SHA-256, several at a time);
 * an image that cannot be decoded is left out. With `cacheDir`, thumbnails are also kept on disk there.
 * With `sealKey` (a signed report), only thumbnails made from the original or sealed with that key are used;
 * with `onlyTrusted` and no key (an unsigned edition for outside readers), only those made from the original.
 */
export async function printImages(
  evidence: Evidence[],
  fileOf: (sha256: string) => string,
  cacheDir: string | null = null,
  sealKey: Buffer | null = null,
  onlyTrusted = sealKey !== null,
): Promise<Map<string, PrintImage>> {
  const unique = new Map<string, Evidence>();
  for (const e of evidence) if (isPrintableImage(e) && !unique.has(e.sha256)) unique.set(e.sha256, e);
  const made = new Map<string, Thumbnail | null>();
  const queue = [...unique.values()];
  // Started when the first thumbnail must be made, not before: a report that finds them all kept starts no process.
  let started: ThumbnailBatch | null = null;
  const batch = () => (started ??= new ThumbnailBatch(pixelBox(), MAX_INPUT_PIXELS, IN_FLIGHT));
  const worker = async () => {
    for (let e = queue.shift(); e; e = queue.shift()) {
      const known = cache.get(e.sha256);
      if (known) {
        // Used again: moved to the end, the most recently used.
        cache.delete(e.sha256);
        cache.set(e.sha256, known);
      }
      const held = known ? await known : undefined;
      // A signed report never prints what a draft read unsealed from disk.
      const usable = held === undefined || (onlyTrusted && held && !held.trusted) ? undefined : held;
      made.set(e.sha256, usable !== undefined ? usable : await remember(e.sha256, thumbnailOf(fileOf(e.sha256), e.sha256, cacheDir, sealKey, onlyTrusted, batch)));
    }
  };
  try {
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  } finally {
    const use = started ? await (started as ThumbnailBatch).close() : null;
    lastProcess = use && { ...use, reportPeakMiB: process.resourceUsage().maxRSS / 1024 };
  }
  return byEvidenceOf(evidence, made, new Map());
}

/** Each cited image's PrintImage by evidence id: the same object for every citation of one original. */
function byEvidenceOf(evidence: Evidence[], made: Map<string, Thumbnail | null>, pending: Map<string, PrintImage>): Map<string, PrintImage> {
  const printed = new Map<string, PrintImage>(pending);
  const byEvidence = new Map<string, PrintImage>();
  for (const e of evidence) {
    let image = printed.get(e.sha256);
    const t = made.get(e.sha256);
    if (!image && t) {
      image = { name: `image-${e.sha256}`, dataUrl: `data:image/jpeg;base64,${t.jpeg.toString('base64')}`, width: t.width, height: t.height };
      printed.set(e.sha256, image);
    }
    if (image) byEvidence.set(e.id, image);
  }
  return byEvidence;
}

/** What printImagesAsMade answers: the images (some still being made), and how to wait for or stop the rest. */
export interface ImagesBeingMade {
  images: Map<string, PrintImage>;
  /** Every thumbnail made (or given up) and kept, and the process that made them ended. */
  settled: Promise<void>;
  /** Gives up what is still being made (a report that failed): each pending image answers null. */
  abort(): void;
}

/**
 * As printImages, without waiting for the thumbnails that must be made: each such image's header is read
 * first (by the thumbnail process: its size, or no image at all), then all of them are asked for at once
 * and answered as they are made, one at a time on the core the layout leaves, while the report is laid
 * out with the sizes the headers promised (render.ts embeds each JPEG when it arrives). The process is told
 * at once to end when the last is made; with `spool` (new temporary file names) it writes each JPEG to a
 * file instead of sending it, so it ends then, while the report is still being laid out, instead of once
 * the layout lets the report read its answers. Thumbnails in memory or on disk are used as printImages uses them.
 */
export async function printImagesAsMade(
  evidence: Evidence[],
  fileOf: (sha256: string) => string,
  cacheDir: string | null = null,
  sealKey: Buffer | null = null,
  onlyTrusted = sealKey !== null,
  spool?: () => string,
): Promise<ImagesBeingMade> {
  const unique = new Map<string, Evidence>();
  for (const e of evidence) if (isPrintableImage(e) && !unique.has(e.sha256)) unique.set(e.sha256, e);
  const made = new Map<string, Thumbnail | null>();
  const toMake: Evidence[] = [];
  for (const e of unique.values()) {
    const known = cache.get(e.sha256);
    if (known) {
      cache.delete(e.sha256);
      cache.set(e.sha256, known);
      const held = await known;
      if (!(onlyTrusted && held && !held.trusted)) {
        made.set(e.sha256, held);
        continue;
      }
    }
    const kept = cacheDir && (sealKey || !onlyTrusted) ? readCached(cacheDir, e.sha256, sealKey) : null;
    if (kept) made.set(e.sha256, await remember(e.sha256, Promise.resolve(kept)));
    else toMake.push(e);
  }
  const pending = new Map<string, PrintImage>();
  if (toMake.length === 0) {
    lastProcess = null;
    return { images: byEvidenceOf(evidence, made, pending), settled: Promise.resolve(), abort: () => undefined };
  }
  const batch = new ThumbnailBatch(pixelBox(), MAX_INPUT_PIXELS, { ahead: Infinity, parallel: 1, threads: 1, spool });
  const sizes = await Promise.all(toMake.map((e) => batch.probe(fileOf(e.sha256))));
  const making: Promise<unknown>[] = [];
  toMake.forEach((e, i) => {
    const size = sizes[i];
    // A file whose header is no image it can make is left out now, as printImages leaves it out.
    if (!size) return;
    const thumbnail = remember(
      e.sha256,
      batch.make(fileOf(e.sha256)).then((m) => {
        if (!m) return null;
        const t = { ...m, trusted: true };
        if (cacheDir) writeCached(cacheDir, e.sha256, t, sealKey);
        return t;
      }),
    );
    making.push(thumbnail);
    pending.set(e.sha256, { name: `image-${e.sha256}`, dataUrl: null, width: size.width, height: size.height, pending: thumbnail.then((t) => t?.jpeg ?? null) });
  });
  const closing = batch.closeWhenDone();
  const settled = Promise.all([closing, ...making]).then(([use]) => {
    lastProcess = use ? { ...(use as ThumbnailProcessUse), reportPeakMiB: process.resourceUsage().maxRSS / 1024 } : null;
  });
  return { images: byEvidenceOf(evidence, made, pending), settled, abort: () => void batch.close() };
}

/** pdfmake's `images` dictionary: each image once, by name (sections print `{ image: name }`); one being made is not in it (render.ts provides it). */
export function imageDictionary(images: Map<string, PrintImage>): Record<string, string> {
  return Object.fromEntries([...images.values()].filter((i) => i.dataUrl !== null).map((i) => [i.name, i.dataUrl as string]));
}

/** The images still being made, by their name in the document: what render.ts lays out before their JPEG is here. */
export function pendingImages(images: Map<string, PrintImage>): Map<string, { width: number; height: number; jpeg: Promise<Buffer | null> }> {
  const out = new Map<string, { width: number; height: number; jpeg: Promise<Buffer | null> }>();
  for (const image of images.values()) if (image.pending) out.set(image.name, { width: image.width, height: image.height, jpeg: image.pending });
  return out;
}
