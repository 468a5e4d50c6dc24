import type { JobHandle, JobKind, JobResult } from '../../../shared/api/jobs';
import { api } from './client';

// Background work (reports, bundles) is started by its domain's method, which answers a job handle;
// this follows any job through jobs.progress until it ends, and stops it through jobs.cancel.

export interface JobStep {
  phase: string;
  fraction: number;
}

/** Polls a job until it is done (its typed result), or failed or cancelled (an Error with the server's message). */
export async function followJob<K extends JobKind>(
  handle: JobHandle<K>,
  onProgress: (step: JobStep) => void,
  failure: string,
  intervalMs = 200,
): Promise<JobResult<K>> {
  for (;;) {
    const job = await api['jobs.progress']({ jobId: handle.jobId });
    onProgress({ phase: job.phase, fraction: job.fraction });
    if (job.state === 'failed' || job.state === 'cancelled') throw new Error(job.message ?? failure);
    if (job.state === 'done') {
      if (job.result === null || job.kind !== handle.kind) throw new Error(failure);
      return job.result as JobResult<K>;
    }
    await new Promise((resolve) => window.setTimeout(resolve, intervalMs));
  }
}

/** Asks a running job to stop; it then ends cancelled, and followJob rejects with its message. */
export function cancelJob(jobId: string): Promise<unknown> {
  return api['jobs.cancel']({ jobId });
}
