import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/api/jobs';
import { AnomalySettings } from '../../shared/api/logs';
import { laptop } from '../../tests/helpers/laptops';
import { createHandlers, type Handlers } from '../api/handlers';
import { releases } from './deploy-log.fixture';
import { detectAnomalies, listObservations } from './service';

// The anomaly search as a job: progress after each log it mines, the run as its result, and a cancel
// that records no observation.

const settings = AnomalySettings.parse({});

async function settled(handlers: Handlers, jobId: string): Promise<JobProgress> {
  for (;;) {
    const job = await handlers['jobs.progress']({ jobId });
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the anomaly search job', () => {
  it('reports each log it mines, earlier releases first, and answers the run', async () => {
    const core = laptop('Ada Auditor');
    const [, , last] = await releases(core);
    const steps: Array<[string, number, number | undefined, number | undefined]> = [];
    const run = await detectAnomalies(core, { releaseId: last!.id, settings }, { progress: (phase, fraction, count) => steps.push([phase, fraction, count?.done, count?.total]) });
    expect(steps.map(([phase, , done, total]) => `${phase} ${done}/${total}`)).toEqual([
      'Mining the logs of earlier releases 1/3',
      'Mining the logs of earlier releases 2/3',
      "Mining this release's logs 3/3",
      'Recording the observations undefined/undefined',
    ]);
    expect(steps.map(([, fraction]) => fraction)).toEqual([...steps.map(([, fraction]) => fraction)].sort((a, b) => a - b));
    expect(run.observations.map((o) => o.kind)).toContain('error-burst');

    const handlers = createHandlers(core);
    const handle = await handlers['logs.startDetect']({ releaseId: last!.id, settings });
    const job = await settled(handlers, handle.jobId);
    expect(job).toMatchObject({ kind: 'logs.detect', state: 'done', fraction: 1 });
    // Found again, nothing is recorded twice; the earlier logs come from the cache.
    expect(job.kind === 'logs.detect' && job.result).toMatchObject({ recorded: 0, logsFromCache: 3, logsMined: 0, observations: run.observations });
  });

  it('stops between logs when cancelled, recording no observation', async () => {
    const core = laptop('Ada Auditor');
    const [, , last] = await releases(core);
    const handlers = createHandlers(core);
    const handle = await handlers['logs.startDetect']({ releaseId: last!.id, settings });
    expect(await handlers['jobs.cancel']({ jobId: handle.jobId })).toMatchObject({ state: 'running', cancelling: true });
    const job = await settled(handlers, handle.jobId);
    expect(job).toMatchObject({ kind: 'logs.detect', state: 'cancelled', result: null, message: 'The anomaly search was cancelled; no observation was recorded.' });
    expect(listObservations(core, last!.id)).toEqual([]);
  });

  it('refuses an unknown release at once, before any job starts', () => {
    const handlers = createHandlers(laptop('Ada Auditor'));
    expect(() => handlers['logs.startDetect']({ releaseId: '01900000-0000-7000-8000-000000000000', settings })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
