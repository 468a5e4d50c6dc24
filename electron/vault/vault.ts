import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/api/errors';
import { CHUNK_SIZE, copyHashing, hashFile, tempNameIn, WRITE_PIECE, type CopyOptions, type PutOptions } from './file-copy';

export { CHUNK_SIZE, hashFile, stageOpenFile, WRITE_PIECE, type CopyOptions, type PutOptions, type StagedObject } from './file-copy';

// Evidence files, content-addressed by SHA-256 under objects/ab/<hash>. A file is streamed in
// 1 MiB chunks into tmp/, hashed on the way, fsynced, then renamed into place: never held whole in
// memory, never half-written under its final name, and stored once however often it is added.
// A file on disk (putOpenFile) is read, hashed and written one chunk at a time through one reused
// buffer, so storing or re-hashing it allocates nothing per chunk and its garbage does not grow with
// its size; the event loop gets a turn between chunks, so a large file never stalls the app. The CLI
// copies its file before the vault is even opened (stageOpenFile), then takes the copy in (adopt).

const HASH_PATTERN = /^[0-9a-f]{64}$/;

export interface StoredObject {
  sha256: string;
  size: number;
  /** True when identical content was already in the vault. */
  existed: boolean;
}

export type ObjectCheck = { sha256: string; status: 'ok' | 'missing' | 'mismatch' | 'not-a-file'; actual?: string };

export class Vault {
  readonly root: string;
  private readonly objectsDir: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = root;
    this.objectsDir = path.join(root, 'objects');
    this.tmpDir = path.join(root, 'tmp');
    fs.mkdirSync(this.objectsDir, { recursive: true, mode: 0o700 });
    fs.mkdirSync(this.tmpDir, { recursive: true, mode: 0o700 });
  }

  /** A name for a file or folder being written in tmp/: it names this process, so a later start can tell it was abandoned. */
  tempName(suffix: string): string {
    return tempNameIn(this.tmpDir, suffix);
  }

  /**
   * Removes what writes that never finished left in tmp/ (a crash, a kill): files and folders named by a
   * process that is no longer running, and anything else there older than a day. Returns what it removed.
   */
  sweepTemp(now: number = Date.now()): { files: number; bytes: number } {
    let files = 0;
    let bytes = 0;
    for (const name of fs.readdirSync(this.tmpDir)) {
      const entry = path.join(this.tmpDir, name);
      const stat = fs.lstatSync(entry, { throwIfNoEntry: false });
      if (!stat) continue;
      const pid = /^(\d+)-/.exec(name)?.[1];
      const stale = pid !== undefined ? Number(pid) !== process.pid && !processAlive(Number(pid)) : now - stat.mtimeMs > STALE_AFTER_MS;
      if (!stale) continue;
      const size = sizeOf(entry, stat);
      try {
        fs.rmSync(entry, { recursive: true, force: true });
        files += size.files;
        bytes += size.bytes;
      } catch {
        // Left for the next start: a file we cannot remove is no reason to refuse to open.
      }
    }
    return { files, bytes };
  }

  objectPath(sha256: string): string {
    if (!HASH_PATTERN.test(sha256)) throw new AppError('VALIDATION', `Not a SHA-256 hash: ${sha256}`);
    return path.join(this.objectsDir, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.objectPath(sha256));
  }

  async putFile(sourcePath: string, options: PutOptions = {}): Promise<StoredObject> {
    if (!path.isAbsolute(sourcePath)) throw new AppError('VALIDATION', `The file path must be absolute: ${sourcePath}`);
    if (/^\/(proc|sys|dev)(\/|$)/.test(sourcePath)) throw new AppError('VALIDATION', `${sourcePath} is a system device or process file, not evidence.`);
    let stat: fs.Stats;
    try {
      stat = await fsp.stat(sourcePath);
    } catch {
      throw new AppError('NOT_FOUND', `There is no file at ${sourcePath}.`);
    }
    if (!stat.isFile()) throw new AppError('VALIDATION', `${sourcePath} is not a regular file.`);
    try {
      const handle = await fsp.open(sourcePath, 'r');
      try {
        return await this.putOpenFile(handle.fd, options);
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('VALIDATION', `${sourcePath} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
  }

  async putStream(source: Readable | AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<StoredObject> {
    const tmpPath = this.tempName('.part');
    const handle = await fsp.open(tmpPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let closed = false;
    try {
      for await (const chunk of source as AsyncIterable<Uint8Array>) {
        if (options.signal?.aborted) throw new AppError('VALIDATION', 'Storing the file was cancelled.');
        // The write runs on libuv's threads while this thread hashes the same bytes; the chunk is
        // handed back (and its buffer reused) only once both are done.
        const written = writeFully(handle, chunk);
        hash.update(chunk);
        await written;
        size += chunk.byteLength;
        options.onProgress?.(size);
      }
      await handle.sync();
      await handle.close();
      closed = true;
      return await this.place(tmpPath, hash.digest('hex'), size);
    } catch (error) {
      if (!closed) await handle.close().catch(() => undefined);
      await fsp.rm(tmpPath, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Stores an open file from its start: each chunk is read into one buffer, hashed and written from
   * it, then the file is fsynced once and renamed into place. `ifEmpty` refuses a file that turns out
   * to hold nothing; on any failure the staged file is removed.
   */
  async putOpenFile(fd: number, options: CopyOptions = {}): Promise<StoredObject> {
    const tmpPath = this.tempName('.part');
    const copied = await copyHashing(fd, tmpPath, options);
    try {
      try {
        fs.fsyncSync(copied.out);
      } finally {
        fs.closeSync(copied.out);
      }
      return await this.place(tmpPath, copied.sha256, copied.size);
    } catch (error) {
      fs.rmSync(tmpPath, { force: true });
      throw error;
    }
  }

  /**
   * Takes a file already written and hashed inside this vault's tmp/ folder (a bundle's staged
   * evidence) into the vault without copying it: fsynced, made read-only, renamed into place.
   * `synced`: the caller fsynced it after its last write (a bundle's staging does), so it is not again.
   */
  async adopt(stagedPath: string, sha256: string, options: { synced?: boolean } = {}): Promise<StoredObject> {
    const relative = path.relative(this.tmpDir, stagedPath);
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw new Error('Only files staged in the vault can be adopted.');
    if (!options.synced) {
      const handle = await fsp.open(stagedPath, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    return this.place(stagedPath, sha256, (await fsp.stat(stagedPath)).size);
  }

  private async place(tmpPath: string, sha256: string, size: number): Promise<StoredObject> {
    const finalPath = this.objectPath(sha256);
    if (fs.existsSync(finalPath)) {
      await fsp.rm(tmpPath, { force: true });
      // Identical content is stored once, but only if the stored copy is still intact.
      if ((await this.check(sha256)).status !== 'ok') {
        throw new AppError('INTEGRITY', `The vault's copy of ${sha256} no longer matches its hash; run \`release-audit verify\` before adding this file again.`);
      }
      return { sha256, size, existed: true };
    }
    const prefixDir = path.dirname(finalPath);
    if (!fs.existsSync(prefixDir)) {
      await fsp.mkdir(prefixDir, { mode: 0o700 });
      await syncDirectory(this.objectsDir);
    }
    await fsp.chmod(tmpPath, 0o400);
    await fsp.rename(tmpPath, finalPath);
    await syncDirectory(prefixDir);
    return { sha256, size, existed: false };
  }

  /** Streams a stored object, or only its first `bytes` bytes. */
  openRead(sha256: string, bytes?: number): fs.ReadStream {
    const range = bytes !== undefined ? { end: Math.max(0, bytes - 1) } : {};
    return fs.createReadStream(this.objectPath(sha256), { highWaterMark: CHUNK_SIZE, ...range });
  }

  /** Re-hashes one object and says whether its content still matches its name. */
  async check(sha256: string): Promise<ObjectCheck> {
    const file = this.objectPath(sha256);
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat) return { sha256, status: 'missing' };
    if (!stat.isFile()) return { sha256, status: 'not-a-file' };
    const actual = await hashFile(file);
    return actual === sha256 ? { sha256, status: 'ok' } : { sha256, status: 'mismatch', actual };
  }

  /** Every object file name in the vault (names that are not hashes are reported as such by verify). */
  async listObjects(): Promise<string[]> {
    return (await this.listEntries()).map((entry) => entry.name).sort();
  }

  /** Every entry under objects/, with the folder it sits in, for verify to judge. */
  async listEntries(): Promise<Array<{ folder: string; name: string }>> {
    const entries: Array<{ folder: string; name: string }> = [];
    for (const prefix of await fsp.readdir(this.objectsDir)) {
      const dir = path.join(this.objectsDir, prefix);
      if (!(await fsp.lstat(dir)).isDirectory()) {
        entries.push({ folder: '', name: prefix });
        continue;
      }
      for (const name of await fsp.readdir(dir)) entries.push({ folder: prefix, name });
    }
    return entries;
  }
}

const STALE_AFTER_MS = 24 * 3600 * 1000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sizeOf(entry: string, stat: fs.Stats): { files: number; bytes: number } {
  if (!stat.isDirectory()) return { files: 1, bytes: stat.isFile() ? stat.size : 0 };
  let files = 0;
  let bytes = 0;
  for (const name of fs.readdirSync(entry)) {
    const child = path.join(entry, name);
    const childStat = fs.lstatSync(child, { throwIfNoEntry: false });
    if (!childStat) continue;
    const size = sizeOf(child, childStat);
    files += size.files;
    bytes += size.bytes;
  }
  return { files, bytes };
}

async function writeFully(handle: fsp.FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) offset += (await handle.write(chunk, offset, Math.min(WRITE_PIECE, chunk.byteLength - offset))).bytesWritten;
}

async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
