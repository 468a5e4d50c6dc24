import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// The thumbnails a report prints, kept on disk: their box and print resolution, the format of a kept file,
// its seal, and the prune of what is no longer needed (images.ts makes and prints them).

/** Where a thumbnail is printed: at most this wide and high, in points (1/72 inch). */
export const THUMBNAIL_BOX: [number, number] = [220, 140];
/** Print resolution, in dots per inch. */
export const PRINT_DPI = 300;
/** Pixels needed to print `points` at PRINT_DPI. */
export function printPixels(points: number): number {
  return Math.round((points / 72) * PRINT_DPI);
}

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

export interface Thumbnail {
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

/** The data folder's cache of thumbnails. */
export function thumbnailCacheDir(dataRoot: string): string {
  return path.join(dataRoot, 'cache', 'thumbnails');
}

/** The pixel box a thumbnail is fitted in: part of every cache key. */
export function pixelBox(): [number, number] {
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
export function readCached(cacheDir: string, sha256: string, sealKey: Buffer | null): Thumbnail | null {
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
export function writeCached(cacheDir: string, sha256: string, t: Thumbnail, sealKey: Buffer | null): void {
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

