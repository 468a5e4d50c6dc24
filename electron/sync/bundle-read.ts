import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';
import { AppError } from '../../shared/api/errors';
import { cancelled, damaged, type BundleLimits } from './bundle-file';
import { WRITE_PIECE } from '../vault/vault';

// Reading a bundle's zip (see bundle-file.ts for its shape and how it is signed).
// Reading trusts nothing in the file: entry names must be one of the three shapes of NAME_PATTERN (no
// folders, no absolute or `..` paths, no backslashes), never become a path on disk, and appear
// once each; symlinks, encrypted entries and unknown compression are refused; every size is
// bounded, and an entry that claims to inflate more than `maxCompressionRatio` times is refused
// before it is inflated.

const NAME_PATTERN = /^(manifest\.json|entries\.jsonl|objects\/[0-9a-f]{64})$/;

export interface DeclaredFile {
  name: string;
  size: number;
  sha256: string;
}

export interface ZipContents {
  manifest: Buffer;
  entries: Buffer;
  /** sha256 → path of the staged copy (in a folder the caller removes). */
  objects: Map<string, string>;
  /**
   * Settles once every staged copy is fsynced and closed; rejects if one could not be. The caller
   * waits for it before moving a copy into the vault, and before removing the staging folder.
   */
  synced: Promise<void>;
}

/**
 * Reads the zip, refusing anything but the expected shape. `declared` is called with the manifest
 * (always the first file) and returns the files it lists; each file must match its size and hash.
 */
export async function readZip(
  /** The bundle, open: the same handle its signature was checked through (see openBundle). */
  file: fsp.FileHandle,
  stagingDir: string,
  limits: BundleLimits,
  declaredBy: (manifest: Buffer) => DeclaredFile[],
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
  /** Stop after the manifest (a bundle from a key not trusted yet: nothing else is unpacked). */
  manifestOnly = false,
): Promise<ZipContents> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    // (The handle stays the caller's: the zip reader neither closes it nor opens the file again.)
    yauzl.fromFd(file.fd, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true, decodeStrings: true }, (error, opened) => {
      if (error) reject(damaged(`${error.message}.`));
      else resolve(opened);
    });
  });
  // Each staged file's fsync and close, left to run while the next file is copied (and, once all are
  // copied, while the caller checks the entries: see ZipContents.synced).
  const syncs: Array<Promise<void>> = [];
  let handedOver = false;
  try {
    if (zip.entryCount > limits.maxFiles) {
      throw new AppError('VALIDATION', `The bundle holds ${zip.entryCount} files, over the limit of ${limits.maxFiles}.`);
    }
    const seen = new Set<string>();
    let declared: Map<string, DeclaredFile> | undefined;
    let manifest: Buffer | undefined;
    let entries: Buffer | undefined;
    const objects = new Map<string, string>();
    let totalBytes = 0;
    let declaredTotal = 1;
    let doneBytes = 0;
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        const onEntry = (e: yauzl.Entry) => {
          zip.removeListener('end', onEnd);
          zip.removeListener('error', onError);
          resolve(e);
        };
        const onEnd = () => {
          zip.removeListener('entry', onEntry);
          zip.removeListener('error', onError);
          resolve(null);
        };
        const onError = (error: Error) => {
          zip.removeListener('entry', onEntry);
          zip.removeListener('end', onEnd);
          reject(damaged(`${error.message}.`));
        };
        zip.once('entry', onEntry);
        zip.once('end', onEnd);
        zip.once('error', onError);
        zip.readEntry();
      });
      if (!entry) break;
      if (signal?.aborted) throw cancelled();
      const name = entry.fileName;
      if (!NAME_PATTERN.test(name)) throw new AppError('VALIDATION', `The bundle holds a file named ${JSON.stringify(name.slice(0, 120))}, which no bundle has: it was refused (paths, folders and other names are never accepted).`);
      if (seen.has(name)) throw new AppError('VALIDATION', `The bundle holds ${name} twice: it was refused.`);
      seen.add(name);
      const type = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (type !== 0 && type !== 0o100000) throw new AppError('VALIDATION', `The bundle's ${name} is a link or special file, not a plain file: it was refused.`);
      if (entry.isEncrypted()) throw new AppError('VALIDATION', `The bundle's ${name} is encrypted: it was refused.`);
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw new AppError('VALIDATION', `The bundle's ${name} uses an unknown compression method: it was refused.`);
      if (entry.compressionMethod === 8 && entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize > entry.compressedSize * limits.maxCompressionRatio) {
        throw new AppError('VALIDATION', `The bundle's ${name} would inflate ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times its stored size (a zip bomb): it was refused.`);
      }
      totalBytes += entry.uncompressedSize;
      if (totalBytes > limits.maxTotalBytes) throw new AppError('VALIDATION', `The bundle's files add up to more than the limit of ${limits.maxTotalBytes} bytes.`);
      if (!declared) {
        if (name !== 'manifest.json') throw damaged('its first file is not the manifest.');
        if (entry.uncompressedSize > limits.maxManifestBytes) throw new AppError('VALIDATION', `The bundle's manifest is over the limit of ${limits.maxManifestBytes} bytes.`);
        manifest = await readWhole(zip, entry);
        const list = declaredBy(manifest);
        declared = new Map(list.map((d) => [d.name, d]));
        if (declared.size !== list.length) throw new AppError('VALIDATION', 'The bundle manifest lists a file twice.');
        declaredTotal = Math.max(1, list.reduce((sum, d) => sum + d.size, 0));
        if (manifestOnly) return { manifest, entries: Buffer.alloc(0), objects, synced: Promise.resolve() };
        continue;
      }
      const want = declared.get(name);
      if (!want) throw new AppError('VALIDATION', `The bundle holds ${name}, which its manifest does not list: it was refused.`);
      if (want.size !== entry.uncompressedSize) throw new AppError('VALIDATION', `The bundle's ${name} is not the size its manifest says.`);
      if (name === 'entries.jsonl') {
        if (entry.uncompressedSize > limits.maxEntriesBytes) throw new AppError('VALIDATION', `The bundle's ledger entries are over the limit of ${limits.maxEntriesBytes} bytes.`);
        entries = await readWhole(zip, entry);
        if (createHash('sha256').update(entries).digest('hex') !== want.sha256) throw new AppError('INTEGRITY', 'The bundle\'s ledger entries do not match the hash in its manifest.');
        doneBytes += entries.length;
      } else {
        const sha = name.slice('objects/'.length);
        if (sha !== want.sha256) throw new AppError('VALIDATION', `The bundle's ${name} is listed with another hash in its manifest.`);
        const staged = path.join(stagingDir, `object-${objects.size}`);
        const onBytes = (n: number) => onProgress(Math.min(doneBytes + n, declaredTotal), declaredTotal);
        // A stored (not deflated) file, as every evidence file a bundle carries is, is copied straight
        // from its bytes in the bundle; a deflated one is inflated through the zip reader.
        const actual = entry.compressionMethod === 0 ? await stageStored(zip, file.fd, entry, staged, signal, onBytes, syncs) : await stageObject(zip, entry, staged, onBytes, syncs);
        if (actual !== sha) throw new AppError('INTEGRITY', `The evidence file ${sha.slice(0, 12)}… in the bundle does not match its hash.`);
        objects.set(sha, staged);
        doneBytes += entry.uncompressedSize;
      }
      onProgress(Math.min(doneBytes, declaredTotal), declaredTotal);
    }
    if (!manifest || !declared) throw damaged('it holds no manifest.');
    for (const name of declared.keys()) if (!seen.has(name)) throw new AppError('VALIDATION', `The bundle's manifest lists ${name}, but the bundle does not hold it.`);
    handedOver = true;
    const synced = Promise.all(syncs).then(() => undefined);
    synced.catch(() => undefined);
    return { manifest, entries: entries ?? Buffer.alloc(0), objects, synced };
  } finally {
    // A refused bundle leaves no fsync or close running on a staged file the caller then removes.
    if (!handedOver) await Promise.allSettled(syncs);
    // (Not zip.close(): yauzl's reader would close the descriptor, which stays the caller's handle's.)
  }
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) reject(damaged(`${error.message}.`));
      else resolve(stream);
    });
  });
}

async function readWhole(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await openEntry(zip, entry);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  } catch (error) {
    throw damaged(`${(error as Error).message}.`);
  }
  return Buffer.concat(chunks);
}

/** Once its bytes are all written: fsynced and closed, in the background (the caller awaits `syncs`); on a failure, closed at once. */
async function stagedFile(target: string, syncs: Array<Promise<void>>, write: (handle: fsp.FileHandle) => Promise<string>): Promise<string> {
  const handle = await fsp.open(target, 'wx', 0o600);
  let sha: string;
  try {
    sha = await write(handle);
  } catch (error) {
    await handle.close();
    if (error instanceof AppError) throw error;
    throw damaged(`${(error as Error).message}.`);
  }
  const synced = handle.sync().finally(() => handle.close());
  // (Handled from the start, so a failed fsync is never an unhandled rejection: the import sees it when it waits for them.)
  synced.catch(() => undefined);
  syncs.push(synced);
  return sha;
}

async function stageObject(zip: yauzl.ZipFile, entry: yauzl.Entry, target: string, onBytes: (n: number) => void, syncs: Array<Promise<void>>): Promise<string> {
  const stream = await openEntry(zip, entry);
  return stagedFile(target, syncs, async (handle) => {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      await handle.write(chunk);
      bytes += chunk.length;
      onBytes(bytes);
    }
    return hash.digest('hex');
  });
}

const STAGE_CHUNK = 1024 * 1024;

/**
 * A stored file's bytes copied from the bundle into `target` in 1 MiB chunks read into two buffers
 * taken in turn: each chunk is hashed while it is written and the next one read (the zip reader's
 * stream gives 16 KiB chunks, each a new buffer). Exactly the entry's size is read, from where its
 * local header says its data starts (checked to lie inside the file).
 */
async function stageStored(zip: yauzl.ZipFile, fd: number, entry: yauzl.Entry, target: string, signal: AbortSignal | undefined, onBytes: (n: number) => void, syncs: Array<Promise<void>>): Promise<string> {
  const start = await new Promise<number>((resolve, reject) => {
    zip.readLocalFileHeader(entry, { minimal: true }, (error, header) => (error ? reject(damaged(`${error.message}.`)) : resolve(header.fileDataStart)));
  });
  const size = entry.compressedSize;
  if (size !== entry.uncompressedSize) throw damaged(`its ${entry.fileName} is stored with two different sizes.`);
  const buffers = [Buffer.allocUnsafe(Math.min(STAGE_CHUNK, size)), Buffer.allocUnsafe(Math.min(STAGE_CHUNK, size))];
  const readAt = (buffer: Buffer, done: number) =>
    new Promise<number>((resolve, reject) => {
      const length = Math.min(buffer.length, size - done);
      fs.read(fd, buffer, 0, length, start + done, (error, bytesRead) => {
        if (error) reject(damaged(`${error.message}.`));
        else if (bytesRead !== length) reject(damaged('it ends before its last file does (truncated?).'));
        else resolve(bytesRead);
      });
    });
  return stagedFile(target, syncs, async (handle) => {
    const hash = createHash('sha256');
    let done = 0;
    let turn = 0;
    let reading: Promise<number> | null = size > 0 ? readAt(buffers[0] as Buffer, 0) : null;
    try {
      while (reading) {
        const bytes = await reading;
        const chunk = (buffers[turn] as Buffer).subarray(0, bytes);
        done += bytes;
        turn = 1 - turn;
        reading = done < size ? readAt(buffers[turn] as Buffer, done) : null;
        if (signal?.aborted) throw cancelled();
        const written = writeAll(handle, chunk);
        hash.update(chunk);
        await written;
        onBytes(done);
      }
    } finally {
      // A failed write or a cancel leaves no read running into a buffer.
      await reading?.catch(() => undefined);
    }
    return hash.digest('hex');
  });
}

/** In writes of at most WRITE_PIECE (see there: 1 MiB writes draw large page-cache folios a virtual machine backs slowly). */
async function writeAll(handle: fsp.FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) offset += (await handle.write(chunk, offset, Math.min(WRITE_PIECE, chunk.length - offset))).bytesWritten;
}
