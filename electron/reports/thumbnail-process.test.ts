import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { forkNode, ThumbnailBatch, thumbnailWorkerEnv, thumbnailWorkerScript, type StartThumbnailChild, type ThumbnailChild } from './thumbnail-process';

// The thumbnail maker runs in a real process of its own: these start it (and stand-ins for it written as
// real scripts) and check what a report gets back, including when the process dies or cannot start.

const BOX: [number, number] = [917, 583];
const MAX_PIXELS = 100_000_000;

async function png(file: string, width: number, height: number): Promise<string> {
  fs.writeFileSync(file, await sharp({ create: { width, height, channels: 4, background: { r: 20, g: 120, b: 200, alpha: 0.5 } } }).png().toBuffer());
  return file;
}

/** Counts the processes a batch starts, and which of them are still running. */
function counting(start: StartThumbnailChild = forkNode) {
  const started: { ended: boolean }[] = [];
  const starter: StartThumbnailChild = (script) => {
    const child = start(script);
    const entry = { ended: false };
    started.push(entry);
    child.onExit(() => (entry.ended = true));
    return child;
  };
  return { started, starter };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * A stand-in worker: answers every file with a one-byte "JPEG" of 10 x 5, and ends itself when asked for a
 * file whose name has `poison` in it (as a decoder crash would).
 */
function standIn(folder: string): string {
  const script = path.join(folder, 'stand-in.mjs');
  fs.writeFileSync(
    script,
    `process.on('message', (m) => {
      if (m.done) return process.send({ done: true, cpuMs: 1, peakMiB: 1 });
      if (m.file.includes('poison')) process.exit(3);
      setTimeout(() => process.send({ id: m.id, jpeg: new Uint8Array([1]), width: 10, height: 5 }), 5);
    });
    process.on('disconnect', () => process.exit(0));
    process.send({ ready: true });`,
  );
  return script;
}

describe('the thumbnail process', () => {
  it('makes thumbnails within the box in a process that ends when the batch is closed', async () => {
    const folder = tempDir();
    const { started, starter } = counting();
    const batch = new ThumbnailBatch(BOX, MAX_PIXELS, 2, thumbnailWorkerScript, starter);
    const notImage = path.join(folder, 'notes.png');
    fs.writeFileSync(notImage, 'not a picture at all');
    const [wide, small, none, missing] = await Promise.all([
      batch.make(await png(path.join(folder, 'wide.png'), 2400, 1500)),
      batch.make(await png(path.join(folder, 'small.png'), 320, 200)),
      batch.make(notImage),
      batch.make(path.join(folder, 'gone.png')),
    ]);
    expect(wide && { width: wide.width, height: wide.height }).toEqual({ width: 917, height: 573 });
    expect(small && { width: small.width, height: small.height }).toEqual({ width: 320, height: 200 });
    // Real JPEGs of the size they say, flattened (no alpha left).
    const meta = await sharp(wide?.jpeg).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(['jpeg', 917, 573, false]);
    expect([none, missing]).toEqual([null, null]);
    const use = await batch.close();
    expect(use?.cpuMs).toBeGreaterThan(0);
    expect(use?.peakMiB).toBeGreaterThan(10);
    expect(started).toHaveLength(1);
    await until(() => started.every((s) => s.ended));
  });

  it('reads the size a thumbnail will have from its header, the size it is then made at', async () => {
    const folder = tempDir();
    const batch = new ThumbnailBatch(BOX, MAX_PIXELS, { ahead: Infinity, parallel: 1, threads: 1 });
    // A photo taken on its side: EXIF orientation 6 turns 1600 x 1200 upright to 1200 x 1600.
    const turned = path.join(folder, 'turned.jpg');
    fs.writeFileSync(turned, await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#336699' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer());
    const files = [
      await png(path.join(folder, 'wide.png'), 2400, 1500),
      await png(path.join(folder, 'tall.png'), 700, 3000),
      await png(path.join(folder, 'odd.png'), 1921, 1087),
      await png(path.join(folder, 'small.png'), 320, 200),
      turned,
    ];
    const notImage = path.join(folder, 'notes.png');
    fs.writeFileSync(notImage, 'not a picture at all');
    const probed = await Promise.all([...files, notImage, path.join(folder, 'gone.png')].map((file) => batch.probe(file)));
    expect(probed.slice(5)).toEqual([null, null]);
    const made = await Promise.all(files.map((file) => batch.make(file)));
    for (const [i, m] of made.entries()) {
      const p = probed[i] as { width: number; height: number };
      // Within a pixel of what the header promised, and of the same shape.
      expect(Math.abs((m?.width ?? 0) - p.width)).toBeLessThanOrEqual(1);
      expect(Math.abs((m?.height ?? 0) - p.height)).toBeLessThanOrEqual(1);
    }
    expect(probed.slice(0, 5)).toEqual([
      { width: 917, height: 573 },
      { width: 136, height: 583 },
      { width: 917, height: 519 },
      { width: 320, height: 200 },
      { width: 437, height: 583 },
    ]);
    expect(await batch.close()).not.toBeNull();
  });

  it('takes every thumbnail asked for at once, and its process ends by itself after the last when told to', async () => {
    const folder = tempDir();
    const { started, starter } = counting();
    const batch = new ThumbnailBatch(BOX, MAX_PIXELS, { ahead: Infinity, parallel: 1, threads: 1 }, thumbnailWorkerScript, starter);
    const files = await Promise.all(Array.from({ length: 6 }, (_, i) => png(path.join(folder, `${i}.png`), 1000 + i * 100, 500)));
    const asked = files.map((file) => batch.make(file));
    // Told at once, before any is made: it goes on making all it holds, then ends.
    const closing = batch.closeWhenDone();
    expect(await batch.make(files[0] as string)).toBeNull();
    const made = await Promise.all(asked);
    expect(made.map((m) => m?.width)).toEqual([917, 917, 917, 917, 917, 917]);
    const use = await closing;
    expect(use?.cpuMs).toBeGreaterThan(0);
    expect(started).toHaveLength(1);
    await until(() => started.every((s) => s.ended));
  });

  it('finds the image that kills a process holding every other one, and makes the rest', async () => {
    const folder = tempDir();
    const { started, starter } = counting();
    const batch = new ThumbnailBatch(BOX, MAX_PIXELS, { ahead: Infinity, parallel: 1 }, standIn(folder), starter);
    const names = ['a.png', 'b.png', 'poison.png', 'c.png', 'd.png', 'e.png'];
    const asked = names.map((name) => batch.make(path.join(folder, name)));
    const closing = batch.closeWhenDone();
    const made = await Promise.all(asked);
    expect(made.map((m) => (m ? 'made' : null))).toEqual(['made', 'made', null, 'made', 'made', 'made']);
    expect(await closing).toEqual({ cpuMs: 1, peakMiB: 1 });
    expect(started.length).toBeLessThanOrEqual(4);
    await until(() => started.every((s) => s.ended));
  });

  it('writes each JPEG into the new file it is given when spooling, never over one already there, and leaves none behind', async () => {
    const folder = tempDir();
    const spoolDir = tempDir();
    let n = 0;
    const names: string[] = [];
    const spool = () => {
      const name = path.join(spoolDir, `${n++}.jpg`);
      names.push(name);
      return name;
    };
    // The third name is taken before the thumbnail is written: that one is left out, the file there untouched.
    fs.writeFileSync(path.join(spoolDir, '2.jpg'), 'someone else\'s file');
    const batch = new ThumbnailBatch(BOX, MAX_PIXELS, { ahead: Infinity, parallel: 1, threads: 1, spool });
    const files = await Promise.all([0, 1, 2, 3].map((i) => png(path.join(folder, `${i}.png`), 1200, 600 + i)));
    const made = await Promise.all(files.map((file) => batch.make(file)));
    expect(made.map((m) => (m ? `${m.width}x${m.height}` : null))).toEqual(['917x459', '917x459', null, '917x461']);
    expect((await sharp(made[0]?.jpeg).metadata()).format).toBe('jpeg');
    expect(await batch.closeWhenDone()).not.toBeNull();
    expect(names).toHaveLength(4);
    expect(fs.readdirSync(spoolDir)).toEqual(['2.jpg']);
    expect(fs.readFileSync(path.join(spoolDir, '2.jpg'), 'utf8')).toBe("someone else's file");
  });

  it('gives the process no signing passphrase, and one malloc arena', () => {
    process.env.RELEASE_AUDIT_KEY_PASSPHRASE = 'secret of this process';
    try {
      const env = thumbnailWorkerEnv();
      expect(env.RELEASE_AUDIT_KEY_PASSPHRASE).toBeUndefined();
      expect(env.MALLOC_ARENA_MAX).toBe('1');
      expect(env.PATH).toBe(process.env.PATH);
    } finally {
      delete process.env.RELEASE_AUDIT_KEY_PASSPHRASE;
    }
  });

  it('starts no process for a batch that makes nothing', async () => {
    const { started, starter } = counting();
    const batch = new ThumbnailBatch(BOX, MAX_PIXELS, 2, thumbnailWorkerScript, starter);
    expect(await batch.close()).toBeNull();
    expect(started).toHaveLength(0);
  });

  it('leaves out only the image that kills the process, and makes the others in a new one', async () => {
    const folder = tempDir();
    const { started, starter } = counting();
    const batch = new ThumbnailBatch(BOX, MAX_PIXELS, 2, standIn(folder), starter);
    const names = ['a.png', 'poison.png', 'b.png', 'c.png', 'poison-2.png', 'd.png'];
    const made = await Promise.all(names.map((name) => batch.make(path.join(folder, name))));
    expect(made.map((m) => (m ? `${m.width}x${m.height}` : null))).toEqual(['10x5', null, '10x5', '10x5', null, '10x5']);
    // Each poison is tried twice, alone the second time: at most two deaths each, a new process after each.
    expect(started.length).toBeGreaterThanOrEqual(3);
    expect(started.length).toBeLessThanOrEqual(5);
    expect(await batch.close()).toEqual({ cpuMs: 1, peakMiB: 1 });
    await until(() => started.every((s) => s.ended));
  });

  it('answers every thumbnail still asked for when closed early (a report that failed), and ends its process', async () => {
    const folder = tempDir();
    const { started, starter } = counting();
    const batch = new ThumbnailBatch(BOX, MAX_PIXELS, 2, standIn(folder), starter);
    const asked = ['a.png', 'b.png', 'c.png'].map((name) => batch.make(path.join(folder, name)));
    expect(await batch.close()).toBeNull();
    expect(await Promise.all(asked)).toEqual([null, null, null]);
    await until(() => started.every((s) => s.ended));
  });

  it('leaves every image out, at once, when no process can be started', async () => {
    const folder = tempDir();
    const missing = new ThumbnailBatch(BOX, MAX_PIXELS, 2, path.join(folder, 'no-such-worker.mjs'));
    expect(await Promise.all([missing.make('a.png'), missing.make('b.png')])).toEqual([null, null]);
    expect(await missing.make('c.png')).toBeNull();
    const refusing = new ThumbnailBatch(BOX, MAX_PIXELS, 2, thumbnailWorkerScript, () => {
      throw new Error('no more processes');
    });
    expect(await refusing.make('a.png')).toBeNull();
    // A script that ends before it is ready (a broken install) is not started again and again.
    const broken = path.join(folder, 'broken.mjs');
    fs.writeFileSync(broken, 'process.exit(1);');
    const { started, starter } = counting();
    const dying = new ThumbnailBatch(BOX, MAX_PIXELS, 2, broken, starter);
    expect(await Promise.all(['a', 'b', 'c'].map((n) => dying.make(n)))).toEqual([null, null, null]);
    expect(started).toHaveLength(1);
    expect(await dying.close()).toBeNull();
  });

  it('takes nothing but a well-formed thumbnail from whatever the process answers', async () => {
    // The process's answers as data, through a child held in this process: only the protocol is under test.
    await fc.assert(
      fc.asyncProperty(fc.anything({ withTypedArray: true, withMap: true, withSet: true }), fc.anything(), async (reply, other) => {
        let listener: (message: unknown) => void = () => undefined;
        const child: ThumbnailChild = {
          send: (message) => {
            const m = message as { id?: number };
            if (typeof m.id === 'number') queueMicrotask(() => {
              listener(reply);
              listener(other);
              listener(typeof reply === 'object' && reply !== null ? { ...reply, id: m.id } : { id: m.id, jpeg: reply, width: other, height: other });
              listener({ id: m.id, jpeg: null });
            });
          },
          onMessage: (l) => void (listener = l),
          onExit: () => undefined,
          kill: () => undefined,
        };
        const batch = new ThumbnailBatch(BOX, MAX_PIXELS, 2, 'stand-in', () => {
          queueMicrotask(() => listener({ ready: true }));
          return child;
        });
        const made = await batch.make('x.png');
        if (made !== null) {
          expect(Buffer.isBuffer(made.jpeg)).toBe(true);
          expect(Number.isInteger(made.width) && made.width > 0 && Number.isInteger(made.height) && made.height > 0).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
