import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';

// Copying and hashing a file for the vault (vault.ts): its chunk and write sizes, the copy through one
// reused buffer (copyHashing), the copy a command stages in a vault's tmp/ before opening it
// (stageOpenFile, by the kernel on Linux), and the SHA-256 of a file on disk.

export const CHUNK_SIZE = 1024 * 1024;
/**
 * Each chunk goes to the kernel in writes of at most 256 KiB. Linux (6.x, ext4 with large folios) sizes
 * the page-cache folios a write allocates by the write's length; writes of a whole MiB ask for folios of a
 * MiB, which a virtual machine often serves from memory its host has never backed, and then the copy into
 * them costs three to four times as long (perf: copy_folio_from_iter_atomic). Measured on these machines
 * (`npm run bench -- ingest`, three runs each): with 1 MiB writes two runs of seven took 1.2–1.5 s instead
 * of 0.4 s, every time; with 256 KiB or 64 KiB writes none did, and 256 KiB was as fast as a fast 1 MiB run.
 */
export const WRITE_PIECE = 256 * 1024;

export interface PutOptions {
  onProgress?: (bytesDone: number) => void;
  signal?: AbortSignal;
}

export interface CopyOptions extends PutOptions {
  /** The error for a file that turns out to hold nothing (nothing of it is kept). */
  ifEmpty?: () => Error;
}

/** A copy of a file being made in a vault's tmp/ (stageOpenFile), not yet in the vault: `Vault.adopt` takes it in. */
export interface StagedObject {
  path: string;
  /** Settles once the copy is made, hashed and on disk (fsynced), with its hash and size. */
  ready: Promise<{ sha256: string; size: number }>;
}

export const tempNameIn = (tmpDir: string, suffix: string): string => path.join(tmpDir, `${process.pid}-${randomUUID()}${suffix}`);

/**
 * Starts copying an open file into the tmp/ folder of the vault at `vaultRoot`, without opening the
 * vault (which makes its folders): the CLI's `evidence add` starts its copy so before the database and
 * the rest of its code are loaded, and the copy goes on while they load (electron/evidence/staged-file.ts).
 * A vault that is not there is refused. The copy is hashed as it was written, never the file it came from
 * at another moment, so its name is always its content's.
 *
 * On Linux the kernel copies it (copy_file_range, through /proc/self/fd: the very file that was opened,
 * whatever its path names now), on libuv's threads while this thread loads code; the copy is then read
 * back once to be hashed while its fsync runs. Measured for 64 MiB (`npm run bench -- ingest`): the
 * in-kernel copy takes 21–25 ms beside the 27 ms of reading and writing it here, and all of it runs
 * during the 30 ms the code takes to load. Elsewhere, and if that copy fails, it is putOpenFile's loop,
 * with the fsync left to run while the code loads. On failure the copy is left for the caller to drop
 * (its `ready` rejects; the file at `path` may be there, half-written).
 */
export async function stageOpenFile(vaultRoot: string, fd: number, { inKernel = process.platform === 'linux', ...options }: CopyOptions & { inKernel?: boolean } = {}): Promise<StagedObject> {
  const tmpDir = path.join(vaultRoot, 'tmp');
  if (!fs.statSync(tmpDir, { throwIfNoEntry: false })?.isDirectory()) throw new AppError('NOT_FOUND', `There is no vault in ${vaultRoot}.`);
  const tmpPath = tempNameIn(tmpDir, '.part');
  const ready = inKernel ? copyInKernel(fd, tmpPath, options) : copyHashing(fd, tmpPath, options).then(({ out, ...copied }) => syncAndClose(out).then(() => copied));
  // Awaited by whoever takes or drops the copy; a failure is theirs to report, not an unhandled rejection.
  ready.catch(() => undefined);
  return { path: tmpPath, ready };
}

async function copyInKernel(fd: number, tmpPath: string, options: CopyOptions): Promise<{ sha256: string; size: number }> {
  await fsp.copyFile(`/proc/self/fd/${fd}`, tmpPath, fs.constants.COPYFILE_EXCL);
  const copy = await fsp.open(tmpPath, 'r');
  try {
    // The kernel's copy takes the source's mode bits (a setuid bit, a world-writable mode): ours until it is placed.
    await copy.chmod(0o600);
    const synced = copy.sync();
    synced.catch(() => undefined);
    const hashed = await hashOpenFile(copy.fd);
    await synced;
    if (hashed.size === 0 && options.ifEmpty) throw options.ifEmpty();
    return hashed;
  } finally {
    await copy.close();
  }
}

function syncAndClose(fd: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    fs.fsync(fd, (syncError) => fs.close(fd, (closeError) => (syncError || closeError ? reject(syncError ?? closeError) : resolve())));
  });
}

/**
 * Copies an open file from its start into a new file at `tmpPath` through one reused buffer: each chunk
 * is read, hashed and written from it, and the event loop gets a turn between chunks. Returns the new
 * file still open and not yet synced; on any failure it is closed and removed.
 */
export async function copyHashing(fd: number, tmpPath: string, options: CopyOptions): Promise<{ out: number; sha256: string; size: number }> {
  const out = fs.openSync(tmpPath, 'wx', 0o600);
  const hash = createHash('sha256');
  const buffer = takeBuffer();
  let size = 0;
  try {
    for (;;) {
      if (options.signal?.aborted) throw new AppError('VALIDATION', 'Storing the file was cancelled.');
      const bytes = fs.readSync(fd, buffer, 0, CHUNK_SIZE, size);
      if (bytes === 0) break;
      const chunk = bytes === CHUNK_SIZE ? buffer : buffer.subarray(0, bytes);
      hash.update(chunk);
      writeFullySync(out, chunk);
      size += bytes;
      options.onProgress?.(size);
      if (bytes === CHUNK_SIZE) await nextTurn();
    }
    if (size === 0 && options.ifEmpty) throw options.ifEmpty();
    return { out, sha256: hash.digest('hex'), size };
  } catch (error) {
    fs.closeSync(out);
    fs.rmSync(tmpPath, { force: true });
    throw error;
  } finally {
    giveBuffer(buffer);
  }
}

/** The SHA-256 of a file, read through one reused buffer (see putOpenFile). */
export async function hashFile(file: string): Promise<string> {
  const fd = fs.openSync(file, 'r');
  try {
    return (await hashOpenFile(fd)).sha256;
  } finally {
    fs.closeSync(fd);
  }
}

async function hashOpenFile(fd: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const buffer = takeBuffer();
  let size = 0;
  try {
    for (;;) {
      const bytes = fs.readSync(fd, buffer, 0, CHUNK_SIZE, size);
      if (bytes === 0) break;
      hash.update(bytes === CHUNK_SIZE ? buffer : buffer.subarray(0, bytes));
      size += bytes;
      if (bytes === CHUNK_SIZE) await nextTurn();
    }
  } finally {
    giveBuffer(buffer);
  }
  return { sha256: hash.digest('hex'), size };
}

// Chunk buffers are reused between files (a verify hashes thousands): a few are kept, each used by
// one file at a time, so storing and hashing make no garbage of a megabyte per file.
const spareBuffers: Buffer[] = [];
const takeBuffer = (): Buffer => spareBuffers.pop() ?? Buffer.allocUnsafe(CHUNK_SIZE);
function giveBuffer(buffer: Buffer): void {
  if (spareBuffers.length < 2) spareBuffers.push(buffer);
}

/** A turn of the event loop for whatever else is waiting (an IPC call, a page being served). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function writeFullySync(fd: number, chunk: Uint8Array): void {
  let offset = 0;
  while (offset < chunk.byteLength) offset += fs.writeSync(fd, chunk, offset, Math.min(WRITE_PIECE, chunk.byteLength - offset));
}
