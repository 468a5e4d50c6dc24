import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { flipByte, tempDir } from '../../tests/helpers/temp';
import fsp from 'node:fs/promises';
import { CHUNK_SIZE, hashFile, stageOpenFile, Vault, WRITE_PIECE } from './vault';

const realReadSync = fs.readSync;
const realWriteSync = fs.writeSync;

const sha = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

describe('Vault', () => {
  it('stores a file under objects/<first two hex>/<sha256>, read-only, with its size', async () => {
    const vault = new Vault(tempDir());
    const source = path.join(tempDir(), 'rfc-1234.txt');
    fs.writeFileSync(source, 'CAB approved RFC-1234 on 2026-11-20');
    const stored = await vault.putFile(source);
    expect(stored).toEqual({ sha256: sha('CAB approved RFC-1234 on 2026-11-20'), size: 35, existed: false });
    const objectFile = path.join(vault.root, 'objects', stored.sha256.slice(0, 2), stored.sha256);
    expect(fs.readFileSync(objectFile, 'utf8')).toBe('CAB approved RFC-1234 on 2026-11-20');
    expect(fs.statSync(objectFile).mode & 0o222).toBe(0);
    expect(fs.readdirSync(path.join(vault.root, 'tmp'))).toEqual([]);
  });

  it('stores identical content once', async () => {
    const vault = new Vault(tempDir());
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.log'), 'same bytes');
    fs.writeFileSync(path.join(dir, 'b.log'), 'same bytes');
    const first = await vault.putFile(path.join(dir, 'a.log'));
    const second = await vault.putFile(path.join(dir, 'b.log'));
    expect(second).toEqual({ ...first, existed: true });
    expect(await vault.listObjects()).toEqual([first.sha256]);
    expect(fs.readdirSync(path.join(vault.root, 'tmp'))).toEqual([]);
  });

  it('reads files in chunks of at least 1 MiB and reports progress', async () => {
    const vault = new Vault(tempDir());
    const source = path.join(tempDir(), 'big.bin');
    const content = crypto.randomBytes(5 * CHUNK_SIZE + 123);
    fs.writeFileSync(source, content);
    const progress: number[] = [];
    const stored = await vault.putFile(source, { onProgress: (done) => progress.push(done) });
    expect(stored.sha256).toBe(sha(content));
    expect(progress).toEqual([CHUNK_SIZE, 2 * CHUNK_SIZE, 3 * CHUNK_SIZE, 4 * CHUNK_SIZE, 5 * CHUNK_SIZE, content.length]);
  });

  it('stores and re-hashes a file on disk through one reused buffer, not a new buffer per chunk', async () => {
    const vault = new Vault(tempDir());
    const dir = tempDir();
    const contents = [crypto.randomBytes(6 * CHUNK_SIZE + 5), crypto.randomBytes(2 * CHUNK_SIZE)];
    const memory = new Set<ArrayBufferLike>();
    let calls = 0;
    const reads = vi.spyOn(fs, 'readSync').mockImplementation(((fd: number, buffer: NodeJS.ArrayBufferView, ...rest: never[]) => {
      calls += 1;
      memory.add(buffer.buffer);
      return realReadSync(fd, buffer, ...rest);
    }) as typeof fs.readSync);
    try {
      for (const [i, content] of contents.entries()) {
        fs.writeFileSync(path.join(dir, `${i}.bin`), content);
        const handle = await fsp.open(path.join(dir, `${i}.bin`), 'r');
        try {
          expect(await vault.putOpenFile(handle.fd)).toEqual({ sha256: sha(content), size: content.length, existed: false });
        } finally {
          await handle.close();
        }
        expect(await hashFile(vault.objectPath(sha(content)))).toBe(sha(content));
      }
    } finally {
      reads.mockRestore();
    }
    // Eight chunks stored and eight re-hashed, across two files, through one buffer.
    expect(calls).toBeGreaterThanOrEqual(20);
    expect(memory.size).toBe(1);
    expect(fs.readdirSync(path.join(vault.root, 'tmp'))).toEqual([]);
  });

  it('hands the kernel writes of at most WRITE_PIECE, whole and in order, from a file and from a stream', async () => {
    const vault = new Vault(tempDir());
    const dir = tempDir();
    const content = crypto.randomBytes(3 * CHUNK_SIZE + 77);
    fs.writeFileSync(path.join(dir, 'a.bin'), content);
    const lengths: number[] = [];
    const writes = vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: NodeJS.ArrayBufferView, offset: number, length: number, ...rest: never[]) => {
      lengths.push(length);
      // A short write now and then, as a full disk or a signal can give: the rest must follow.
      return realWriteSync(fd, buffer, offset, lengths.length % 5 === 0 ? Math.max(1, length >> 1) : length, ...rest);
    }) as typeof fs.writeSync);
    try {
      expect((await vault.putFile(path.join(dir, 'a.bin'))).sha256).toBe(sha(content));
    } finally {
      writes.mockRestore();
    }
    expect(lengths.length).toBeGreaterThanOrEqual(Math.ceil(content.length / WRITE_PIECE));
    expect(Math.max(...lengths)).toBeLessThanOrEqual(WRITE_PIECE);
    expect(fs.readFileSync(vault.objectPath(sha(content))).equals(content)).toBe(true);
    // A stream's chunks of 2 MiB go the same way.
    const other = crypto.randomBytes(2 * CHUNK_SIZE * 2 + 9);
    const stored = await vault.putStream(Readable.from([other.subarray(0, 2 * CHUNK_SIZE), other.subarray(2 * CHUNK_SIZE)]));
    expect(stored.sha256).toBe(sha(other));
    expect(fs.readFileSync(vault.objectPath(stored.sha256)).equals(other)).toBe(true);
  });

  it('hashes files at once without mixing their chunks (each file has a buffer of its own while it is read)', async () => {
    const dir = tempDir();
    const contents = [0, 1, 2, 3].map((i) => crypto.randomBytes(3 * CHUNK_SIZE + i * 1000));
    for (const [i, content] of contents.entries()) fs.writeFileSync(path.join(dir, `${i}.bin`), content);
    const hashes = await Promise.all(contents.map((_, i) => hashFile(path.join(dir, `${i}.bin`))));
    expect(hashes).toEqual(contents.map((content) => sha(content)));
  });

  it('keeps nothing of a file it refuses or that fails half-way', async () => {
    const vault = new Vault(tempDir());
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'empty.log'), '');
    fs.writeFileSync(path.join(dir, 'big.bin'), crypto.randomBytes(3 * CHUNK_SIZE));
    const empty = await fsp.open(path.join(dir, 'empty.log'), 'r');
    await expect(vault.putOpenFile(empty.fd, { ifEmpty: () => new Error('empty') })).rejects.toThrow('empty');
    await empty.close();
    const big = await fsp.open(path.join(dir, 'big.bin'), 'r');
    const cancel = new AbortController();
    await expect(vault.putOpenFile(big.fd, { signal: cancel.signal, onProgress: () => cancel.abort() })).rejects.toThrow(/cancelled/);
    await big.close();
    expect(fs.readdirSync(path.join(vault.root, 'tmp'))).toEqual([]);
    expect(await vault.listObjects()).toEqual([]);
  });

  it('streams 1 GiB without holding it in memory', async () => {
    const vault = new Vault(tempDir());
    const block = crypto.randomBytes(CHUNK_SIZE);
    const total = 1024;
    const expected = crypto.createHash('sha256');
    for (let i = 0; i < total; i += 1) expected.update(block);
    let peakGrowth = 0;
    const baseline = process.memoryUsage().rss;
    async function* gibibyte() {
      for (let i = 0; i < total; i += 1) {
        if (i % 64 === 0) peakGrowth = Math.max(peakGrowth, process.memoryUsage().rss - baseline);
        yield block;
      }
    }
    const stored = await vault.putStream(Readable.from(gibibyte()));
    expect(stored.size).toBe(total * CHUNK_SIZE);
    expect(stored.sha256).toBe(expected.digest('hex'));
    // Holding the file would grow the process by 1 GiB; streaming keeps it to a few chunks.
    expect(peakGrowth).toBeLessThan(256 * 1024 * 1024);
    fs.chmodSync(vault.objectPath(stored.sha256), 0o644);
    fs.rmSync(vault.objectPath(stored.sha256));
  });

  it('leaves nothing behind when the source fails half-way', async () => {
    const vault = new Vault(tempDir());
    async function* broken() {
      yield Buffer.alloc(CHUNK_SIZE, 1);
      throw new Error('USB stick removed');
    }
    await expect(vault.putStream(broken())).rejects.toThrow('USB stick removed');
    expect(await vault.listObjects()).toEqual([]);
    expect(fs.readdirSync(path.join(vault.root, 'tmp'))).toEqual([]);
  });

  it('can be cancelled, leaving nothing behind', async () => {
    const vault = new Vault(tempDir());
    const controller = new AbortController();
    async function* endless() {
      for (;;) {
        controller.abort();
        yield Buffer.alloc(1024);
      }
    }
    await expect(vault.putStream(endless(), { signal: controller.signal })).rejects.toThrow(/cancelled/);
    expect(fs.readdirSync(path.join(vault.root, 'tmp'))).toEqual([]);
  });

  it('says clearly when the source is missing or not a file', async () => {
    const vault = new Vault(tempDir());
    await expect(vault.putFile('/no/such/file.log')).rejects.toThrow('There is no file at /no/such/file.log.');
    await expect(vault.putFile(tempDir())).rejects.toThrow(/is not a regular file/);
  });

  it('detects a flipped byte and a missing object', async () => {
    const vault = new Vault(tempDir());
    const stored = await vault.putStream(Readable.from([Buffer.from('deployment log line 1\n')]));
    expect(await vault.check(stored.sha256)).toEqual({ sha256: stored.sha256, status: 'ok' });
    flipByte(vault.objectPath(stored.sha256), 3);
    const check = await vault.check(stored.sha256);
    expect(check.status).toBe('mismatch');
    expect(check.actual).not.toBe(stored.sha256);
    fs.rmSync(vault.objectPath(stored.sha256));
    expect((await vault.check(stored.sha256)).status).toBe('missing');
  });

  it('refuses to count on a stored copy that no longer matches its hash', async () => {
    const vault = new Vault(tempDir());
    const source = path.join(tempDir(), 'x.log');
    fs.writeFileSync(source, 'original bytes');
    const stored = await vault.putFile(source);
    flipByte(vault.objectPath(stored.sha256), 0);
    await expect(vault.putFile(source)).rejects.toThrow(/no longer matches its hash/);
  });

  it('refuses relative paths and system files', async () => {
    const vault = new Vault(tempDir());
    await expect(vault.putFile('relative/file.log')).rejects.toThrow(/must be absolute/);
    await expect(vault.putFile('/proc/self/environ')).rejects.toThrow(/system device or process file/);
  });
});

describe('stageOpenFile (a copy made before the vault is opened)', () => {
  for (const inKernel of [true, false]) {
    it(`copies and hashes the very file that was opened, even when its path names another by then (${inKernel ? 'in the kernel' : "putOpenFile's loop"})`, async () => {
      const vault = new Vault(tempDir());
      const dir = tempDir();
      const source = path.join(dir, 'deploy.log');
      const content = crypto.randomBytes(3 * CHUNK_SIZE + 17);
      fs.writeFileSync(source, content);
      const handle = await fsp.open(source, 'r');
      // Swapped for another file once it was opened (and checked): the copy is still of the file opened.
      fs.writeFileSync(path.join(dir, 'other.log'), 'not this');
      fs.renameSync(path.join(dir, 'other.log'), source);
      const staged = await stageOpenFile(vault.root, handle.fd, { inKernel });
      const copy = await staged.ready;
      await handle.close();
      expect(copy).toEqual({ sha256: sha(content), size: content.length });
      expect(path.dirname(staged.path)).toBe(path.join(vault.root, 'tmp'));
      expect(path.basename(staged.path)).toMatch(new RegExp(`^${process.pid}-`));
      expect(vault.sweepTemp()).toEqual({ files: 0, bytes: 0 });
      expect(await vault.adopt(staged.path, copy.sha256, { synced: true })).toEqual({ sha256: sha(content), size: content.length, existed: false });
      expect(fs.readFileSync(vault.objectPath(copy.sha256)).equals(content)).toBe(true);
      expect(fs.readdirSync(path.join(vault.root, 'tmp'))).toEqual([]);
    });
  }

  it('refuses a vault that is not there, making nothing, and an empty file through its ready', async () => {
    const missing = path.join(tempDir(), 'no-vault');
    const source = path.join(tempDir(), 'empty.log');
    fs.writeFileSync(source, '');
    const handle = await fsp.open(source, 'r');
    try {
      await expect(stageOpenFile(missing, handle.fd)).rejects.toThrow(/There is no vault/);
      expect(fs.existsSync(missing)).toBe(false);
      const vault = new Vault(tempDir());
      for (const inKernel of [true, false]) {
        const staged = await stageOpenFile(vault.root, handle.fd, { inKernel, ifEmpty: () => new Error('empty') });
        await expect(staged.ready).rejects.toThrow('empty');
        fs.rmSync(staged.path, { force: true });
      }
      expect(fs.readdirSync(path.join(vault.root, 'tmp'))).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
