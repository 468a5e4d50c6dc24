// Background work (reports, bundles) is started once and then asked how far it has got until it ends.

export interface JobSnapshot<T> {
  state: 'running' | 'done' | 'failed';
  stage: string;
  fraction: number;
  message: string | null;
  result: T | null;
}

/** Polls a job until it is done (its result) or failed (an Error with the server's message). */
export async function followJob<T>(
  poll: () => Promise<JobSnapshot<T>>,
  onProgress: (progress: { stage: string; fraction: number }) => void,
  failure: string,
  intervalMs = 200,
): Promise<T> {
  for (;;) {
    const job = await poll();
    onProgress({ stage: job.stage, fraction: job.fraction });
    if (job.state === 'failed') throw new Error(job.message ?? failure);
    if (job.state === 'done') {
      if (job.result === null) throw new Error(failure);
      return job.result;
    }
    await new Promise((resolve) => window.setTimeout(resolve, intervalMs));
  }
}
