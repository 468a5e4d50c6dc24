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

/** Under plain Node (the command line, the browser host, tests): a forked Node, with none of this process's flags. */
export const forkNode: StartThumbnailChild = (script) => {
  if (!fs.existsSync(script)) throw new Error(`the thumbnail maker ${script} is missing`);
  // It needs no secret of this process's: the signing key's passphrase stays here.
  const { RELEASE_AUDIT_KEY_PASSPHRASE: _passphrase, ...env } = process.env;
  const child = fork(script, [], { env, execArgv: [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let exited = false;
  const exitListeners: (() => void)[] = [];
  const exit = () => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener();
  };
  child.on('exit', exit);
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

interface Job {
  id: number;
  file: string;
  attempts: number;
  resolve: (made: MadeThumbnail | null) => void;
}

/** An image in flight when the process died twice is given up: the report prints its caption without it. */
const MAX_ATTEMPTS = 2;

/**
 * A batch of thumbnails made in one process, `inFlight` at a time. When the process dies, the images it
 * was decoding are tried again one at a time in a new one (so an image that kills it is found alone and
 * left out, and the others are made); when no process can be started at all, every image is left out.
 */
export class ThumbnailBatch {
  private child: ThumbnailChild | null = null;
  private ready = false;
  private failed = false;
  private nextId = 1;
  private readonly queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private limit: number;
  private finished: ((use: ThumbnailProcessUse | null) => void) | null = null;

  constructor(
    private readonly box: [number, number],
    private readonly maxPixels: number,
    inFlight = 2,
    private readonly script = thumbnailWorkerScript,
    private readonly start: StartThumbnailChild = starter,
  ) {
    this.limit = inFlight;
  }

  /** The thumbnail of this file, or null when it cannot be made. */
  make(file: string): Promise<MadeThumbnail | null> {
    if (this.failed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, file, attempts: 0, resolve });
      this.pump();
    });
  }

  /** Ends the process (once every thumbnail asked for is answered), with what it used. */
  close(): Promise<ThumbnailProcessUse | null> {
    const child = this.child;
    if (!child || this.queue.length || this.running.size) {
      // (Closed early, when the report failed: whatever was still asked for is left out.)
      child?.kill();
      this.giveUp();
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      this.finished = (use) => {
        this.finished = null;
        child.kill();
        resolve(use);
      };
      child.send({ done: true });
    });
  }

  private pump(): void {
    if (this.failed) return;
    if (!this.child) this.spawn();
    if (!this.child || !this.ready) return;
    while (this.running.size < this.limit && this.queue.length) {
      const job = this.queue.shift() as Job;
      job.attempts += 1;
      this.running.set(job.id, job);
      this.child.send({ id: job.id, file: job.file, box: this.box, maxPixels: this.maxPixels });
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
      const use = typeof reply.cpuMs === 'number' && typeof reply.peakMiB === 'number' ? { cpuMs: reply.cpuMs, peakMiB: reply.peakMiB } : null;
      return this.finished?.(use);
    }
    const job = typeof reply.id === 'number' ? this.running.get(reply.id) : undefined;
    if (!job) return;
    this.running.delete(job.id);
    const { jpeg, width, height } = reply;
    const valid = jpeg instanceof Uint8Array && jpeg.byteLength > 0 && typeof width === 'number' && typeof height === 'number' && Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0;
    job.resolve(valid ? { jpeg: Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength), width, height } : null);
    this.pump();
  }

  private exited(child: ThumbnailChild): void {
    if (child !== this.child) return;
    this.child = null;
    this.finished?.(null);
    // A process that never said it was ready could not start: nothing more is tried.
    if (!this.ready) return this.giveUp();
    this.ready = false;
    const retried = [...this.running.values()];
    this.running.clear();
    for (const job of retried) {
      if (job.attempts >= MAX_ATTEMPTS) job.resolve(null);
      else this.queue.unshift(job);
    }
    this.limit = 1;
    if (this.queue.length) this.pump();
  }

  private giveUp(): void {
    this.failed = true;
    this.child = null;
    for (const job of [...this.running.values(), ...this.queue]) job.resolve(null);
    this.running.clear();
    this.queue.length = 0;
  }
}
