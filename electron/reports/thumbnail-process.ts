import { fork } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

// A report's thumbnails are made in a process of their own (thumbnail-worker.mjs): the image library
// keeps the memory its threads freed in the C allocator's pools, about 100 MiB after 400 screenshots,
// which would otherwise stay in the report's process while pdfmake lays the document out; and a file
// that crashes the decoder ends that process, not the app. One process per batch, started only when a
// thumbnail must be made (a report that finds them all in the cache starts none), ended when it is done.

/** A started thumbnail process, as Node's fork or Electron's utility process gives it. */
export interface ThumbnailChild {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the process has ended (or could not start). */
  onExit(listener: () => void): void;
  kill(): void;
}

/** Starts the worker script; throws when no process can be started. */
export type StartThumbnailChild = (script: string) => ThumbnailChild;

/** The worker, beside this file in the sources and beside the entry file in each build (which copies it there). */
export const thumbnailWorkerScript = fileURLToPath(new URL('./thumbnail-worker.mjs', import.meta.url));

/**
 * The worker's environment: this process's, without the signing key's passphrase (it needs no secret of
 * this process's), and with one malloc arena. The image library decodes on threads of its own, and each
 * thread's arena keeps what it freed: 400 screenshots left the process at 155 MiB with the default arenas,
 * 118 MiB with one (measured here, one image at a time), for about 5% more CPU time. It runs beside the
 * report's layout, so its memory adds to the report's.
 */
export function thumbnailWorkerEnv(): NodeJS.ProcessEnv {
  const { RELEASE_AUDIT_KEY_PASSPHRASE: _passphrase, ...env } = process.env;
  return { ...env, MALLOC_ARENA_MAX: '1' };
}

/** Under plain Node (the command line, the browser host, tests): a forked Node, with none of this process's flags. */
export const forkNode: StartThumbnailChild = (script) => {
  if (!fs.existsSync(script)) throw new Error(`the thumbnail maker ${script} is missing`);
  const child = fork(script, [], { env: thumbnailWorkerEnv(), execArgv: [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let exited = false;
  const exitListeners: (() => void)[] = [];
  const exit = () => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener();
  };
  // 'close', not 'exit': it comes after the last message the process sent was read (a worker that ends
  // itself right after its last answer loses none).
  child.on('close', exit);
  child.on('error', exit);
  return {
    send: (message) => {
      if (child.connected) child.send(message as never, (error) => error && child.kill());
    },
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void exitListeners.push(listener),
    kill: () => void child.kill(),
  };
};

let starter: StartThumbnailChild = forkNode;

/** The Electron shell starts thumbnail processes as utility processes (its fuses forbid running itself as Node). */
export function useThumbnailStarter(start: StartThumbnailChild): void {
  starter = start;
}

export interface MadeThumbnail {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** What the last batch's process used, for benches: its CPU time and peak resident memory. */
export interface ThumbnailProcessUse {
  cpuMs: number;
  peakMiB: number;
}

/** The size a thumbnail will have, read from its file's header before it is made. */
export interface ProbedSize {
  width: number;
  height: number;
}

interface Job {
  id: number;
  file: string;
  attempts: number;
  probe: boolean;
  /** Where the process writes the JPEG (with a spool), instead of sending its bytes. */
  out?: string;
  resolve: (made: never) => void;
}

/**
 * How a batch uses its process: how many thumbnails are asked for ahead of their answers, how many the
 * process makes at a time, and with how many threads each (0: the image library's own choice, one per core).
 * A number n is n ahead and n at a time.
 */
export interface BatchShape {
  ahead: number;
  parallel: number;
  threads?: number;
  /**
   * A new file name for each thumbnail, in a folder of this process's temporary files: the process writes
   * each JPEG there and sends only that it did, so it never waits for this process to read its answers
   * (a report laying out its pages reads none until it is done) and ends as soon as the last is made.
   */
  spool?: () => string;
}

/** An image in flight when the process died twice is given up: the report prints its caption without it. */
const MAX_ATTEMPTS = 2;

/**
 * A batch of thumbnails made in one process, `inFlight` at a time. When the process dies, the images it
 * was decoding are tried again one at a time in a new one (so an image that kills it is found alone and
 * left out, and the others are made); when no process can be started at all, every image is left out.
 * A report that lays its pages out while its thumbnails are made asks for all of them at once
 * ({ ahead: Infinity, parallel: 1, threads: 1 }: the process keeps them and makes one at a time on the
 * core the layout leaves), then `closeWhenDone`, so the process ends as soon as the last is made.
 */
export class ThumbnailBatch {
  private child: ThumbnailChild | null = null;
  private ready = false;
  private failed = false;
  private nextId = 1;
  private readonly queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private limit: number;
  private readonly parallel: number;
  private readonly threads: number;
  private readonly spool: (() => string) | null;
  private finished: ((use: ThumbnailProcessUse | null) => void) | null = null;
  /** Told to end once everything asked for is answered: the process is told as soon as all is sent. */
  private draining = false;
  private doneSent = false;

  constructor(
    private readonly box: [number, number],
    private readonly maxPixels: number,
    inFlight: number | BatchShape = 2,
    private readonly script = thumbnailWorkerScript,
    private readonly start: StartThumbnailChild = starter,
  ) {
    const shape = typeof inFlight === 'number' ? { ahead: inFlight, parallel: inFlight } : inFlight;
    this.limit = shape.ahead;
    this.parallel = shape.parallel;
    this.threads = shape.threads ?? 0;
    this.spool = typeof inFlight === 'number' ? null : (inFlight.spool ?? null);
  }

  /** The thumbnail of this file, or null when it cannot be made. */
  make(file: string): Promise<MadeThumbnail | null> {
    return this.ask(file, false);
  }

  /** The size the thumbnail of this file will have (its header alone is read), or null when none can be made. */
  probe(file: string): Promise<ProbedSize | null> {
    return this.ask(file, true);
  }

  private ask<T>(file: string, probe: boolean): Promise<T | null> {
    if (this.failed || this.draining) return Promise.resolve(null);
    return new Promise<T | null>((resolve) => {
      this.queue.push({ id: this.nextId++, file, attempts: 0, probe, resolve: resolve as (made: never) => void });
      this.pump();
    });
  }

  /** Ends the process (once every thumbnail asked for is answered), with what it used. */
  close(): Promise<ThumbnailProcessUse | null> {
    const child = this.child;
    if (!child || this.queue.length || this.running.size || this.draining) {
      // (Closed early, when the report failed: whatever was still asked for is left out.)
      child?.kill();
      this.giveUp();
      return Promise.resolve(null);
    }
    return this.waitForDone(child);
  }

  /**
   * Lets the process end by itself once it has answered everything asked for (it is told at once, and
   * keeps on making what it holds), with what it used; nothing more can be asked for.
   */
  closeWhenDone(): Promise<ThumbnailProcessUse | null> {
    if (!this.child || this.failed) return this.close();
    this.draining = true;
    return new Promise((resolve) => {
      this.finished = (use) => {
        this.finished = null;
        const child = this.child;
        // Its exit is no death: nothing is left to make.
        this.child = null;
        child?.kill();
        resolve(use);
      };
      this.pump();
    });
  }

  private waitForDone(child: ThumbnailChild): Promise<ThumbnailProcessUse | null> {
    return new Promise((resolve) => {
      this.finished = (use) => {
        this.finished = null;
        this.child = null;
        child.kill();
        resolve(use);
      };
      child.send({ done: true });
    });
  }

  private pump(): void {
    if (this.failed) return;
    if (!this.child) {
      if (this.draining && !this.queue.length && !this.running.size) return this.finished?.(null);
      this.spawn();
    }
    if (!this.child || !this.ready) return;
    while (this.running.size < this.limit && this.queue.length) {
      const job = this.queue.shift() as Job;
      // (A probe reads a header, and is answered even while the process makes the thumbnails it holds.)
      job.attempts += 1;
      this.running.set(job.id, job);
      // (A new name for each attempt: a process that died may have left the last one half-written; that one is removed.)
      if (!job.probe && this.spool) {
        if (job.out) removeQuietly(job.out);
        job.out = this.spool();
      }
      this.child.send({ id: job.id, file: job.file, box: this.box, maxPixels: this.maxPixels, ...(job.probe ? { probe: true } : { parallel: this.parallel, threads: this.threads, ...(job.out ? { out: job.out } : {}) }) });
    }
    if (this.draining && !this.doneSent && !this.queue.length) {
      this.doneSent = true;
      this.child.send({ done: true });
    }
  }

  private spawn(): void {
    let child: ThumbnailChild;
    try {
      child = this.start(this.script);
    } catch {
      return this.giveUp();
    }
    this.child = child;
    this.ready = false;
    this.doneSent = false;
    child.onMessage((message) => this.receive(child, message));
    child.onExit(() => this.exited(child));
  }

  private receive(child: ThumbnailChild, message: unknown): void {
    // Anything but the answers the worker gives is ignored: this process trusts no shape it did not check.
    if (child !== this.child || typeof message !== 'object' || message === null) return;
    const reply = message as Partial<Record<string, unknown>>;
    if (reply.ready === true && !this.ready) {
      this.ready = true;
      return this.pump();
    }
    if (reply.done === true) {
      // Only once everything asked for is answered: an early one is asked again after the next answer.
      if (this.running.size || this.queue.length) {
        this.doneSent = false;
        return;
      }
      const use = typeof reply.cpuMs === 'number' && typeof reply.peakMiB === 'number' ? { cpuMs: reply.cpuMs, peakMiB: reply.peakMiB } : null;
      return this.finished?.(use);
    }
    const job = typeof reply.id === 'number' ? this.running.get(reply.id) : undefined;
    if (!job || (reply.probe === true) !== job.probe) return;
    this.running.delete(job.id);
    const { jpeg, width, height } = reply;
    const size = typeof width === 'number' && typeof height === 'number' && Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width <= this.box[0] && height <= this.box[1];
    if (job.probe) job.resolve((size ? { width, height } : null) as never);
    else if (job.out) {
      const out = job.out;
      // (An answer without the file is left as it is: the process wrote nothing there, and what is there is not this batch's.)
      if (size && reply.spooled === true) readSpooled(out).then((bytes) => job.resolve((bytes ? { jpeg: bytes, width, height } : null) as never));
      else job.resolve(null as never);
    } else job.resolve((size && jpeg instanceof Uint8Array && jpeg.byteLength > 0 ? { jpeg: Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength), width, height } : null) as never);
    this.pump();
  }

  private exited(child: ThumbnailChild): void {
    if (child !== this.child) return;
    this.child = null;
    // A process that never said it was ready could not start: nothing more is tried.
    if (!this.ready) {
      this.finished?.(null);
      return this.giveUp();
    }
    this.ready = false;
    const retried = [...this.running.values()].sort((a, b) => a.id - b.id);
    this.running.clear();
    for (const job of retried.reverse()) {
      if (job.attempts < MAX_ATTEMPTS) {
        this.queue.unshift(job);
        continue;
      }
      if (job.out) removeQuietly(job.out);
      job.resolve(null as never);
    }
    this.limit = 1;
    if (this.queue.length) this.pump();
    else this.finished?.(null);
  }

  private giveUp(): void {
    this.failed = true;
    this.child = null;
    for (const job of [...this.running.values(), ...this.queue]) {
      if (job.out) removeQuietly(job.out);
      job.resolve(null as never);
    }
    this.running.clear();
    this.queue.length = 0;
    this.finished?.(null);
  }
}

/** A spooled JPEG, read and removed (null when it is not there, empty, or larger than a thumbnail can be). */
async function readSpooled(file: string): Promise<Buffer | null> {
  try {
    const stat = await fs.promises.lstat(file);
    if (!stat.isFile() || stat.size === 0 || stat.size > MAX_SPOOLED_BYTES) return null;
    return await fs.promises.readFile(file);
  } catch {
    return null;
  } finally {
    removeQuietly(file);
  }
}

/** No thumbnail in the box comes near this (a 917 x 583 JPEG at quality 85 is a few hundred KiB at most). */
const MAX_SPOOLED_BYTES = 16 * 1024 * 1024;

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Left for the vault's sweep of its temporary files at the next start.
  }
}
