import type { Evidence } from '../../shared/api/evidence';
import { ThumbnailBatch, type ThumbnailProcessUse } from './thumbnail-process';
import { pixelBox, readCached, writeCached, type Thumbnail } from './thumbnail-cache';

export { printPixels, PRINT_DPI, pruneThumbnailCache, thumbnailCacheDir, thumbnailCacheFile, thumbnailSealKey, THUMBNAIL_BOX } from './thumbnail-cache';

// Screenshots in a report are printed as thumbnails in a box of THUMBNAIL_BOX points. A screenshot is
// often far larger than that box needs (a 4K capture is 30 times the pixels of a 300 dpi thumbnail),
// and pdfmake embeds whatever it is handed, so each image is downscaled once to print resolution for
// the printed size, kept by its SHA-256 (a second citation, or the next report, reuses it), and given
// to pdfmake once, by name, in the document's `images` dictionary: the PDF stores it once.

/** Larger files are not printed as thumbnails: the caption and SHA-256 still name them. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/** And larger images are not decoded at all (a bomb of a PNG is refused, not expanded). */
const MAX_INPUT_PIXELS = 100_000_000;
/** How many images are decoded at a time: bounds memory, and keeps both cores for the rest. */
const IN_FLIGHT = 2;
/** Thumbnails kept between reports, by size: about 400 screenshots at 300 dpi. */
const CACHE_BYTES = 64 * 1024 * 1024;

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

export function isPrintableImage(e: Evidence): boolean {
  return (e.mediaType === 'image/png' || e.mediaType === 'image/jpeg') && e.size <= MAX_IMAGE_BYTES;
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

/** A thumbnail kept in memory, moved to the end (the most recently used); undefined when none is. */
function recall(sha256: string): Promise<Thumbnail | null> | undefined {
  const known = cache.get(sha256);
  if (known) {
    cache.delete(sha256);
    cache.set(sha256, known);
  }
  return known;
}

/** The printable images among these, each original once (by SHA-256), in the order first cited. */
function printableOnce(evidence: Evidence[]): Evidence[] {
  const unique = new Map<string, Evidence>();
  for (const e of evidence) if (isPrintableImage(e) && !unique.has(e.sha256)) unique.set(e.sha256, e);
  return [...unique.values()];
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
  const made = new Map<string, Thumbnail | null>();
  const queue = printableOnce(evidence);
  // Started when the first thumbnail must be made, not before: a report that finds them all kept starts no process.
  let started: ThumbnailBatch | null = null;
  const batch = () => (started ??= new ThumbnailBatch(pixelBox(), MAX_INPUT_PIXELS, IN_FLIGHT));
  const worker = async () => {
    for (let e = queue.shift(); e; e = queue.shift()) {
      const known = recall(e.sha256);
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
  const made = new Map<string, Thumbnail | null>();
  const toMake: Evidence[] = [];
  for (const e of printableOnce(evidence)) {
    const known = recall(e.sha256);
    if (known) {
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
