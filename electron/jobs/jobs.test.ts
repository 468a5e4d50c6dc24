import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import { jobKinds, jobResults, type JobKind, type JobProgress } from '../../shared/api/jobs';
import { dispatch } from '../api/dispatch';
import { createHandlers, type Handlers } from '../api/handlers';
import { createAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { createRelease } from '../releases/service';
import { writeOsvFolder } from '../vulnerabilities/osv.fixture';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { receiveBundleUpload } from '../sync/transfer';
import { receiveImportUpload } from '../imports/inbox';
import { fixture } from '../imports/test-files';
import { exportedBundle } from '../sync/transfer';
import { laptop } from '../../tests/helpers/laptops';
import { enrol, startTestHub } from '../../tests/helpers/hub';
import { Jobs } from './jobs';

// One job mechanism: every long piece of work is started by its domain's method and followed with
// jobs.progress / stopped with jobs.cancel, whatever its kind.

async function call(handlers: Handlers, method: string, input: unknown): Promise<unknown> {
  const answer = await dispatch(handlers, method, input);
  if (!answer.ok) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

/** Asks jobs.progress until the job is no longer running (each answer checked against the contract by dispatch). */
async function settled(handlers: Handlers, jobId: string): Promise<JobProgress> {
  for (;;) {
    const job = (await call(handlers, 'jobs.progress', { jobId })) as JobProgress;
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A job of `kind` whose work waits until its signal aborts (or `finish` is called). */
function waitingJob(jobs: Jobs, kind: JobKind, cancellable: boolean) {
  let finish: () => void = () => {};
  const handle = jobs.start(
    kind,
    (progress, signal) =>
      new Promise((resolve, reject) => {
        progress('Waiting', 0.25, { done: 1, total: 4 });
        finish = () => resolve(null as never);
        signal.addEventListener('abort', () => reject(new AppError('VALIDATION', 'The export was cancelled; no bundle was written.')));
      }),
    cancellable ? { cancellable: true } : { cancellable: false, whyNot: 'This work cannot be stopped half-way.' },
  );
  return { handle, finish: () => finish() };
}

describe('jobs', () => {
  it('is a core utility: neither it nor the domains starting jobs import the API layer', () => {
    const files = [...fs.readdirSync('electron/jobs').filter((f) => !f.endsWith('.test.ts')).map((f) => `electron/jobs/${f}`), 'electron/reports/jobs.ts', 'electron/sync/jobs.ts'];
    for (const file of files) expect(fs.readFileSync(file, 'utf8'), file).not.toMatch(/from '\.\.\/api\//);
  });

  it('answers an unknown job id with NOT_FOUND in plain words, and a malformed one with VALIDATION', async () => {
    const handlers = createHandlers(testCore());
    for (const method of ['jobs.progress', 'jobs.cancel']) {
      const unknown = await dispatch(handlers, method, { jobId: '01900000-0000-7000-8000-000000000000' });
      expect(unknown).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'That piece of work is not known here (it may have finished more than ten minutes ago).' } });
      for (const bad of [{ jobId: 42 }, { jobId: 'not-a-job' }, {}, { jobId: '01900000-0000-7000-8000-000000000000', extra: true }]) {
        const answer = await dispatch(handlers, method, bad);
        expect(answer.ok, JSON.stringify(bad)).toBe(false);
        if (!answer.ok) {
          expect(answer.error.code).toBe('VALIDATION');
          expect(answer.error.message).toMatch(new RegExp(`^Invalid input for ${method.replace('.', '\\.')}: `));
        }
      }
    }
    const wrong = await dispatch(handlers, 'jobs.progress', { jobId: 'not-a-job' });
    expect(!wrong.ok && wrong.error.message).toContain('must be a job id');
  });

  it('reports phase, fraction and the phase’s count while running, and ends cancelled when stopped', async () => {
    const jobs = new Jobs();
    const { handle } = waitingJob(jobs, 'sync.export', true);
    expect(handle).toEqual({ jobId: expect.any(String), kind: 'sync.export' });
    expect(jobs.progress(handle.jobId)).toMatchObject({ kind: 'sync.export', state: 'running', phase: 'Waiting', fraction: 0.25, done: 1, total: 4, cancellable: true, result: null });
    expect(jobs.cancel(handle.jobId)).toEqual({ jobId: handle.jobId, state: 'running', cancelling: true, message: 'Stopping; nothing it was writing is kept.' });
    await Promise.resolve();
    await Promise.resolve();
    expect(jobs.progress(handle.jobId)).toMatchObject({ state: 'cancelled', message: 'The export was cancelled; no bundle was written.', result: null });
    // Cancelling again is a no-op that says so.
    expect(jobs.cancel(handle.jobId)).toEqual({ jobId: handle.jobId, state: 'cancelled', cancelling: false, message: 'That work was already cancelled; there was nothing to stop.' });
  });

  it('refuses to stop work that cannot stop half-way, saying why, and lets it finish', async () => {
    const jobs = new Jobs();
    const { handle, finish } = waitingJob(jobs, 'reports.build', false);
    expect(() => jobs.cancel(handle.jobId)).toThrow(expect.objectContaining({ code: 'CONFLICT', message: 'This work cannot be stopped half-way.' }));
    expect(jobs.progress(handle.jobId)).toMatchObject({ state: 'running', cancellable: false });
    finish();
    await Promise.resolve();
    await Promise.resolve();
    expect(jobs.progress(handle.jobId)).toMatchObject({ state: 'done', phase: 'Done', fraction: 1 });
  });

  it('gives every kind of job its typed result through jobs.progress, and leaves a finished job as it is on cancel', async () => {
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    const fromAlice = createHandlers(alice);
    const atBob = createHandlers(bob);
    const audit = createAudit(alice, { name: 'Q4 payments', description: '' });
    createFinding(alice, { auditId: audit.id, title: 'Backout plan untested' });
    const seen: Partial<Record<JobKind, JobProgress>> = {};

    const report = (await call(fromAlice, 'reports.start', { auditId: audit.id, sign: false })) as { jobId: string; kind: string };
    expect(report.kind).toBe('reports.build');
    seen['reports.build'] = await settled(fromAlice, report.jobId);

    const exported = (await call(fromAlice, 'sync.startExport', { auditId: audit.id })) as { jobId: string; kind: string };
    expect(exported.kind).toBe('sync.export');
    const exportJob = (seen['sync.export'] = await settled(fromAlice, exported.jobId));
    if (exportJob.kind !== 'sync.export' || !exportJob.result) throw new Error(`export ${exportJob.state}: ${exportJob.message}`);

    const { uploadId } = await receiveBundleUpload(bob, exportedBundle(alice, exportJob.result.downloadId).stream);
    const inspected = (await call(atBob, 'sync.startInspect', { uploadId })) as { jobId: string; kind: string };
    expect(inspected.kind).toBe('sync.inspect');
    const inspectJob = (seen['sync.inspect'] = await settled(atBob, inspected.jobId));
    if (inspectJob.kind !== 'sync.inspect' || !inspectJob.result) throw new Error(`inspect ${inspectJob.state}: ${inspectJob.message}`);

    const imported = (await call(atBob, 'sync.startImport', { uploadId, trustFingerprint: inspectJob.result.signer.fingerprint })) as { jobId: string; kind: string };
    expect(imported.kind).toBe('sync.import');
    seen['sync.import'] = await settled(atBob, imported.jobId);

    const change = await receiveImportUpload(alice, { name: 'change.json' }, fs.createReadStream(fixture('servicenow-change-display.json')));
    const importing = (await call(fromAlice, 'imports.start', { uploadId: change.uploadId, auditId: audit.id })) as { jobId: string; kind: string };
    expect(importing.kind).toBe('imports.run');
    seen['imports.run'] = await settled(fromAlice, importing.jobId);

    const oscal = (await call(fromAlice, 'oscal.startExport', { auditId: audit.id })) as { jobId: string; kind: string };
    expect(oscal.kind).toBe('oscal.export');
    seen['oscal.export'] = await settled(fromAlice, oscal.jobId);

    const sheets = (await call(fromAlice, 'spreadsheets.startExport', { auditId: audit.id })) as { jobId: string; kind: string };
    expect(sheets.kind).toBe('spreadsheets.export');
    seen['spreadsheets.export'] = await settled(fromAlice, sheets.jobId);
    const docx = (await call(fromAlice, 'docx.startExport', { auditId: audit.id, kind: 'summary' })) as { jobId: string; kind: string };
    expect(docx.kind).toBe('docx.export');
    seen['docx.export'] = await settled(fromAlice, docx.jobId);

    const database = (await call(fromAlice, 'vulnerabilities.database.import', { path: writeOsvFolder(tempDir()) })) as { jobId: string; kind: string };
    expect(database.kind).toBe('vulnerabilities.importDatabase');
    seen['vulnerabilities.importDatabase'] = await settled(fromAlice, database.jobId);
    const release = createRelease(alice, { auditId: audit.id, identifier: 'payments-4.2' });
    const matching = (await call(fromAlice, 'vulnerabilities.match', { releaseId: release.id })) as { jobId: string; kind: string };
    expect(matching.kind).toBe('vulnerabilities.match');
    seen['vulnerabilities.match'] = await settled(fromAlice, matching.jobId);
    const detecting = (await call(fromAlice, 'logs.startDetect', { releaseId: release.id })) as { jobId: string; kind: string };
    expect(detecting.kind).toBe('logs.detect');
    seen['logs.detect'] = await settled(fromAlice, detecting.jobId);

    // A sync with a real team hub (PostgreSQL, HTTPS) the laptop connected to after comparing its fingerprints.
    const teamHub = await startTestHub();
    try {
      await enrol(teamHub.hub, alice, { mayOpenAudits: true });
      const probe = (await call(fromAlice, 'hub.probe', { url: teamHub.server.url })) as { fingerprint: string; tlsFingerprint: string };
      await call(fromAlice, 'hub.connect', { url: teamHub.server.url, fingerprint: probe.fingerprint, tlsFingerprint: probe.tlsFingerprint });
      const hubSync = (await call(fromAlice, 'hub.sync', {})) as { jobId: string; kind: string };
      expect(hubSync.kind).toBe('hub.sync');
      seen['hub.sync'] = await settled(fromAlice, hubSync.jobId);
    } finally {
      await teamHub.close();
    }

    expect(Object.keys(seen).sort()).toEqual([...jobKinds].sort());
    for (const kind of jobKinds) {
      const job = seen[kind] as JobProgress;
      expect(job, kind).toMatchObject({ kind, state: 'done', phase: 'Done', fraction: 1, message: null });
      // The result is exactly what the contract declares for its kind.
      expect(jobResults[kind].parse(job.result), kind).toEqual(job.result);
      const handlers = kind.startsWith('sync.i') ? atBob : fromAlice;
      expect(await call(handlers, 'jobs.cancel', { jobId: job.jobId })).toEqual({ jobId: job.jobId, state: 'done', cancelling: false, message: 'That work had already finished; there was nothing to stop.' });
      expect(await call(handlers, 'jobs.progress', { jobId: job.jobId })).toMatchObject({ state: 'done' });
    }
    expect(seen['sync.import']?.kind === 'sync.import' && seen['sync.import'].result?.newEntries).toBeGreaterThan(0);
    expect(fs.existsSync(alice.layout.root)).toBe(true);
  });

  it('ends a cancelled bundle export cancelled, with its own message, through the API', async () => {
    const alice = laptop('Alice');
    const handlers = createHandlers(alice);
    const audit = createAudit(alice, { name: 'Stopped', description: '' });
    // Started and stopped in the same turn, before the export's first file write.
    const started = await handlers['sync.startExport']({ auditId: audit.id, forPeer: null });
    expect(await handlers['jobs.cancel']({ jobId: started.jobId })).toMatchObject({ state: 'running', cancelling: true });
    const job = await settled(handlers, started.jobId);
    expect(job).toMatchObject({ kind: 'sync.export', state: 'cancelled', result: null, message: expect.stringMatching(/cancelled; no bundle was written/) });
  });
});
