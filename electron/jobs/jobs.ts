import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import { toErrorBody } from '../api/dispatch';

// Long work (a large report) runs in the background of the process that serves the app; the screen
// asks how far it has got. Finished jobs are kept a few minutes for the answer to be collected.

export interface JobStatus<T> {
  state: 'running' | 'done' | 'failed';
  stage: string;
  fraction: number;
  message: string | null;
  result: T | null;
}

const KEEP_MS = 10 * 60_000;

type Job = JobStatus<unknown> & { finishedAt?: number; controller: AbortController };

export class Jobs {
  private readonly jobs = new Map<string, Job>();

  /** Runs `work` in the background; it should give up, writing nothing, when its signal aborts. */
  start<T>(work: (progress: (stage: string, fraction: number) => void, signal: AbortSignal) => Promise<T>): string {
    this.sweep();
    const id = randomUUID();
    const job: Job = { state: 'running', stage: 'Starting', fraction: 0, message: null, result: null, controller: new AbortController() };
    this.jobs.set(id, job);
    work((stage, fraction) => {
      job.stage = stage;
      job.fraction = Math.max(job.fraction, Math.min(1, fraction));
    }, job.controller.signal).then(
      (result) => Object.assign(job, { state: 'done', stage: 'Done', fraction: 1, result, finishedAt: Date.now() }),
      (error: unknown) => Object.assign(job, { state: 'failed', message: toErrorBody(error).message, finishedAt: Date.now() }),
    );
    return id;
  }

  status(id: string): JobStatus<unknown> {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', 'That piece of work is not known here (it may have finished more than ten minutes ago).');
    const { finishedAt: _finished, controller: _controller, ...status } = job;
    return status;
  }

  /** Asks a running job to stop; it fails with its own message saying what was left unwritten. */
  cancel(id: string): void {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', 'That piece of work is not known here (it may have finished more than ten minutes ago).');
    if (job.state === 'running') job.controller.abort();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) if (job.finishedAt && now - job.finishedAt > KEEP_MS) this.jobs.delete(id);
  }
}
