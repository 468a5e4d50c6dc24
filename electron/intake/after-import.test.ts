import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callApi, testHost } from '../../tests/helpers/host';
import { tempDir } from '../../tests/helpers/temp';
import type { RunningHost } from '../host/server';

// An import, from upload to what follows it: the rule pack drafts the finding its facts call for,
// and the file's lines become searchable, without anyone asking for either.

type Answer<T = unknown> = { ok: boolean; value: T; error?: { message: string } };
const api = async <T>(host: RunningHost, method: string, body: unknown) => (await (await callApi(host, method, body)).json()) as Answer<T>;

const failedJenkins = [
  '[2026-11-30T22:00:01.114Z] Started by user Priya Raman',
  '[2026-11-30T22:00:02.002Z] [Pipeline] stage',
  '[2026-11-30T22:00:02.010Z] [Pipeline] { (Deploy)',
  '[2026-11-30T22:09:41.002Z] ERROR: deployment "payments-api" exceeded its progress deadline',
  '[2026-11-30T22:09:41.120Z] [Pipeline] }',
  '[2026-11-30T22:09:41.500Z] Finished: FAILURE',
  '',
].join('\n');

describe('an import through the app', () => {
  it('drafts the findings of the rule pack and makes its lines searchable', async () => {
    const { host } = await testHost();
    const audit = (await api<{ id: string }>(host, 'audits.create', { name: 'Intake' })).value;
    const release = (await api<{ id: string }>(host, 'releases.create', { auditId: audit.id, identifier: 'PAY-9' })).value;
    const file = path.join(tempDir(), 'deploy.log');
    fs.writeFileSync(file, failedJenkins);
    const uploaded = (await (await fetch(`${host.origin}/upload/import?name=deploy.log`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}` }, body: fs.readFileSync(file) })).json()) as Answer<{ uploadId: string }>;
    const job = (await api<{ jobId: string }>(host, 'imports.start', { uploadId: uploaded.value.uploadId, auditId: audit.id, releaseId: release.id })).value;
    let progress: { state: string; result: { drafted: number; notes: string[] } | null; message: string | null };
    do progress = (await api<typeof progress>(host, 'jobs.progress', { jobId: job.jobId })).value;
    while (progress.state === 'running');
    expect(progress.state, progress.message ?? '').toBe('done');
    expect(progress.result?.drafted).toBeGreaterThan(0);
    expect(progress.result?.notes).toEqual([]);
    const drafts = (await api<Array<{ ruleId: string }>>(host, 'rules.drafts', { auditId: audit.id, releaseId: release.id })).value;
    expect(drafts.map((d) => d.ruleId)).toContain('RUN-FAILED');
    // The lines are indexed in the background: wait for the state, not for a time.
    let hits: Array<{ type: string; line: number | null }> = [];
    for (let tries = 0; tries < 500 && hits.length === 0; tries += 1) {
      const page = await api<{ hits: Array<{ type: string; line: number | null }> }>(host, 'search.query', { query: 'progress deadline', auditId: audit.id });
      hits = page.value.hits.filter((h) => h.type === 'log-line');
      if (hits.length === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(hits[0]?.line).toBe(4);
  });
});
