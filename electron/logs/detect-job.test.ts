import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/api/jobs';
import { AnomalySettings } from '../../shared/api/logs';
import { laptop } from '../../tests/helpers/laptops';
import { createHandlers, type Handlers } from '../api/handlers';
import { createAudit } from '../audits/service';
import { importInto } from '../imports/store';
import { scratchDir, writeScratch } from '../imports/test-files';
import { createRelease } from '../releases/service';
import type { Core } from '../services';
import { detectAnomalies, listObservations } from './service';

// The anomaly search as a job: progress after each log it mines, the run as its result, and a cancel
// that records no observation.

const settings = AnomalySettings.parse({});

/** A Jenkins log of a deploy, a second a line; `errors` error lines at its end, a second apart (a burst from 10). */
function deployLog(day: number, errors: number): string {
  const start = Date.UTC(2026, 10, day, 10);
  const at = (s: number) => `[${new Date(start + s * 1000).toISOString()}]`;
  const lines = [`${at(0)} Started by user Ada Auditor`];
  for (let i = 1; i <= 40; i += 1) lines.push(`${at(i)} Deploy step ${i} of service api-${i % 5} finished in ${i * 7} ms`);
  for (let i = 0; i < errors; i += 1) lines.push(`${at(41 + i)} ERROR Health check of node ${i} failed`);
  lines.push(`${at(41 + errors)} Finished: SUCCESS`, '');
  return lines.join('\n');
}

async function releases(core: Core) {
  const audit = createAudit(core, { name: 'Q4', description: '' });
  const made = [];
  for (const [day, errors] of [[1, 0], [2, 1], [3, 14]] as const) {
    const r = createRelease(core, { auditId: audit.id, identifier: `pay-${day}`, system: 'payments', windowStart: new Date(Date.UTC(2026, 10, day, 9)).toISOString() });
    const outcome = await importInto(core, writeScratch(scratchDir(), `pay-${day}.log`, deployLog(day, errors)), { auditId: audit.id, releaseId: r.id });
    expect(outcome.import.kind).toBe('jenkins');
    made.push(r);
  }
  return made;
}

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
