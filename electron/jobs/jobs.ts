import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import type { CancelAnswer, JobHandle, JobKind, JobProgress, JobResult } from '../../shared/api/jobs';
import { toErrorBody } from '../error-body';
import type { Core } from '../services';

// Long work (a large report, a bundle) runs in the background of the process that serves the app; the
// screen asks how far it has got (jobs.progress). Finished jobs are kept a few minutes for the answer
// to be collected. A domain starts one with `jobsOf(core).start(kind, work)` and answers its handle.

/** Tells the job how far it has got: the phase, the fraction of the whole, and the phase's own count when it has one. */
export type Progress = (phase: string, fraction: number, count?: { done: number; total: number }) => void;

/** cancellable: the work gives up, writing nothing, when its signal aborts. Otherwise, the sentence jobs.cancel answers. */
export type JobOptions = { cancellable: true } | { cancellable: false; whyNot: string };

const KEEP_MS = 10 * 60_000;
const unknownJob = 'That piece of work is not known here (it may have finished more than ten minutes ago).';

type Job = JobProgress & { finishedAt?: number; controller: AbortController; whyNot: string | null };

export class Jobs {
  private readonly jobs = new Map<string, Job>();

  /** Runs `work` in the background and answers its handle at once. */
  start<K extends JobKind>(kind: K, work: (progress: Progress, signal: AbortSignal) => Promise<JobResult<K>>, options: JobOptions): JobHandle<K> {
    this.sweep();
    const jobId = randomUUID();
    const job = {
      jobId,
      kind,
      state: 'running',
      phase: 'Starting',
      fraction: 0,
      done: null,
      total: null,
      message: null,
      cancellable: options.cancellable,
      result: null,
      controller: new AbortController(),
      whyNot: options.cancellable ? null : options.whyNot,
    } as Job;
    this.jobs.set(jobId, job);
    const progress: Progress = (phase, fraction, count) => {
      if (job.state !== 'running') return;
      job.phase = phase;
      job.fraction = Math.max(job.fraction, Math.min(1, Math.max(0, fraction)));
      job.done = count ? count.done : null;
      job.total = count ? count.total : null;
    };
    let running: Promise<JobResult<K>>;
    try {
      running = work(progress, job.controller.signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (result) => Object.assign(job, { state: 'done', phase: 'Done', fraction: 1, done: null, total: null, result, finishedAt: Date.now() }),
      (error: unknown) =>
        Object.assign(job, { state: job.controller.signal.aborted ? 'cancelled' : 'failed', message: toErrorBody(error).message, finishedAt: Date.now() }),
    );
    return { jobId, kind };
  }

  progress(jobId: string): JobProgress {
    const { finishedAt: _finished, controller: _controller, whyNot: _whyNot, ...progress } = this.job(jobId);
    return { ...progress } as JobProgress;
  }

  /** Asks a running job to stop; it ends cancelled with its own message saying what was left unwritten. */
  cancel(jobId: string): CancelAnswer {
    const job = this.job(jobId);
    if (job.state !== 'running') {
      const ended = job.state === 'done' ? 'had already finished' : job.state === 'failed' ? 'had already failed' : 'was already cancelled';
      return { jobId, state: job.state, cancelling: false, message: `That work ${ended}; there was nothing to stop.` };
    }
    if (job.whyNot !== null) throw new AppError('CONFLICT', job.whyNot);
    job.controller.abort();
    return { jobId, state: 'running', cancelling: true, message: 'Stopping; nothing it was writing is kept.' };
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', unknownJob);
    return job;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) if (job.finishedAt && now - job.finishedAt > KEEP_MS) this.jobs.delete(id);
  }
}

const registries = new WeakMap<Core, Jobs>();

/** The jobs of one open data folder: every transport serving it sees the same ones. */
export function jobsOf(core: Core): Jobs {
  let jobs = registries.get(core);
  if (!jobs) registries.set(core, (jobs = new Jobs()));
  return jobs;
}
