import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { AppError } from '../../shared/api/errors';

// Where OSV records are read from: a zip (as the OSV project serves each ecosystem's all.zip), or a
// folder of JSON files and such zips (one per ecosystem, or a folder per ecosystem). A zip trusts
// nothing it says: no entry becomes a path on disk, links, encryption and unknown compression are
// refused, as are an entry over the record size limit, a total over the database limit, and an
// entry inflating far past its compressed size. The first such entry refuses the whole database.

export const osvLimits = {
  maxRecordBytes: 16 * 1024 ** 2,
  maxTotalBytes: 16 * 1024 ** 3,
  maxEntries: 3_000_000,
  /** Past this size, an entry may not claim to inflate more than maxRatio times. */
  ratioFloorBytes: 64 * 1024,
  maxRatio: 200,
};
export type OsvLimits = typeof osvLimits;

export interface RecordText {
  /** Where it came from: `npm/all.zip:GHSA-….json`, or a file's path inside the folder. */
  name: string;
  text: string;
}

export interface SourcePlan {
  /** Files to read (zips and .json files), sorted by their path inside the source. */
  files: Array<{ file: string; relative: string; zip: boolean }>;
  entries: number;
}

const refuse = (sentence: string) => new AppError('VALIDATION', sentence);
const isZip = (file: string) => {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    fs.readSync(fd, head, 0, 4, 0);
    return head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50;
  } finally {
    fs.closeSync(fd);
  }
};

function walk(root: string, folder: string, out: SourcePlan['files']): void {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) walk(root, full, out);
    else if (entry.isFile() && /\.(json|zip)$/i.test(entry.name)) out.push({ file: full, relative: path.relative(root, full).split(path.sep).join('/'), zip: /\.zip$/i.test(entry.name) });
  }
}

/** The files a source holds, or a plain refusal when it is neither a folder nor a zip. */
export function planSource(source: string, label = path.basename(source)): SourcePlan {
  const stat = fs.statSync(source, { throwIfNoEntry: false });
  if (!stat) throw new AppError('NOT_FOUND', `There is no file or folder at ${source}.`);
  const files: SourcePlan['files'] = [];
  if (stat.isDirectory()) walk(source, source, files);
  else if (stat.isFile() && isZip(source)) files.push({ file: source, relative: label, zip: true });
  else throw refuse(`${label} is not a zip or a folder of OSV JSON records.`);
  if (files.length === 0) throw refuse(`${source} holds no OSV records (.json files or zips of them).`);
  return { files, entries: 0 };
}

function openZip(file: string, label: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true, decodeStrings: true }, (error, zip) => {
      if (error) reject(refuse(`${label} is not a readable zip: ${error.message}.`));
      else resolve(zip);
    });
  });
}

function checkEntry(entry: yauzl.Entry, label: string, limits: OsvLimits): void {
  const where = `${label} is refused: its entry ${JSON.stringify(entry.fileName.slice(0, 200))}`;
  const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
  if (mode === 0o120000) throw refuse(`${where} is a symbolic link.`);
  if ((entry.generalPurposeBitFlag & 1) !== 0) throw refuse(`${where} is encrypted.`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw refuse(`${where} uses an unknown compression (method ${entry.compressionMethod}).`);
  if (entry.uncompressedSize > limits.maxRecordBytes) throw refuse(`${where} is ${Math.ceil(entry.uncompressedSize / 1048576)} MiB, over the ${limits.maxRecordBytes / 1048576} MiB a record may take.`);
  if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > entry.compressedSize * limits.maxRatio) {
    throw refuse(`${where} inflates ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times its size, as a zip bomb does.`);
  }
}

/**
 * One entry's bytes, read where the central directory says they are and inflated at most to its
 * declared size, then checked against its declared size and CRC-32 (yauzl's own streams cost about
 * a millisecond an entry, too slow for a database of a million records).
 */
function readEntry(fd: number, fileSize: number, entry: yauzl.Entry, label: string): string {
  const damagedEntry = (why: string) => refuse(`${label} is damaged: its entry ${JSON.stringify(entry.fileName.slice(0, 200))} ${why}.`);
  const head = Buffer.alloc(30);
  if (fs.readSync(fd, head, 0, 30, entry.relativeOffsetOfLocalHeader) !== 30 || head.readUInt32LE(0) !== 0x04034b50) throw damagedEntry('has no local header');
  const start = entry.relativeOffsetOfLocalHeader + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  if (start + entry.compressedSize > fileSize) throw damagedEntry('runs past the end of the file');
  const data = Buffer.alloc(entry.compressedSize);
  fs.readSync(fd, data, 0, data.length, start);
  let out: Buffer;
  try {
    out = entry.compressionMethod === 8 ? zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) }) : data;
  } catch (error) {
    throw damagedEntry(/buffer|length/i.test((error as Error).message) ? 'inflates past its declared size' : `does not inflate (${(error as Error).message})`);
  }
  if (out.length !== entry.uncompressedSize) throw damagedEntry(`is ${out.length} bytes, not the ${entry.uncompressedSize} it declares`);
  if (zlib.crc32(out) !== entry.crc32) throw damagedEntry('fails its CRC-32 check');
  return out.toString('utf8');
}

/** Streams the records of one zip, hashing the file on the side. */
export async function* zipRecords(file: string, relative: string, limits: OsvLimits, total: { bytes: number; entries: number }, signal?: AbortSignal): AsyncGenerator<RecordText> {
  const label = relative;
  const zip = await openZip(file, label);
  const fd = fs.openSync(file, 'r');
  const fileSize = fs.fstatSync(fd).size;
  try {
    if (zip.entryCount + total.entries > limits.maxEntries) throw refuse(`${label} is refused: it holds ${zip.entryCount} entries, over the ${limits.maxEntries} a database may hold.`);
    const next = () =>
      new Promise<yauzl.Entry | null>((resolve, reject) => {
        const onEntry = (entry: yauzl.Entry) => { cleanup(); resolve(entry); };
        const onEnd = () => { cleanup(); resolve(null); };
        const onError = (error: Error) => { cleanup(); reject(refuse(`${label} is refused: ${error.message}.`)); };
        const cleanup = () => { zip.off('entry', onEntry); zip.off('end', onEnd); zip.off('error', onError); };
        zip.on('entry', onEntry);
        zip.on('end', onEnd);
        zip.on('error', onError);
        zip.readEntry();
      });
    for (let entry = await next(); entry !== null; entry = await next()) {
      if (signal?.aborted) return;
      total.entries += 1;
      if (entry.fileName.endsWith('/')) continue;
      checkEntry(entry, label, limits);
      total.bytes += entry.uncompressedSize;
      if (total.bytes > limits.maxTotalBytes) throw refuse(`${label} is refused: its records add up to more than ${limits.maxTotalBytes / 1024 ** 3} GiB.`);
      if (!/\.json$/i.test(entry.fileName)) continue;
      yield { name: `${label}:${entry.fileName}`, text: readEntry(fd, fileSize, entry, label) };
    }
  } finally {
    fs.closeSync(fd);
    zip.close();
  }
}

/** The SHA-256 of one file, streamed. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
