import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningHost } from '../host/server';
import { verifyAll } from '../system/verify';
import { callApi, testHost } from '../../tests/helpers/host';
import { fixture, real, realworldMissing, scratchDir, writeScratch } from './test-files';
import { importInto, listFacts } from './store';

// Imports kept for real: uploaded through the loopback host, previewed, imported as a job, and read
// back as an import, its facts and its lines; the raw file is evidence in the vault, verify holds.

type Answer<T = unknown> = { ok: boolean; value: T; error?: { code: string; message: string } };

async function api<T>(host: RunningHost, method: string, body: unknown): Promise<Answer<T>> {
  return (await (await callApi(host, method, body)).json()) as Answer<T>;
}

async function upload(host: RunningHost, file: string, name = path.basename(file)): Promise<string> {
  const response = await fetch(`${host.origin}/upload/import?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}` },
    body: fs.readFileSync(file),
  });
  const answer = (await response.json()) as Answer<{ uploadId: string }>;
  expect(answer.ok, answer.error?.message).toBe(true);
  return answer.value.uploadId;
}

async function finish<T>(host: RunningHost, jobId: string): Promise<{ state: string; result: T; message: string | null }> {
  for (;;) {
    const progress = await api<{ state: string; result: T; message: string | null }>(host, 'jobs.progress', { jobId });
    if (progress.value.state !== 'running') return progress.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function setUp() {
  const { host, core } = await testHost();
  const audit = (await api<{ id: string }>(host, 'audits.create', { name: 'Imports' })).value;
  const release = (await api<{ id: string }>(host, 'releases.create', { auditId: audit.id, identifier: 'REL-9' })).value;
  return { host, core, auditId: audit.id, releaseId: release.id };
}

const counts = (core: Awaited<ReturnType<typeof setUp>>['core']) =>
  core.sqlite.prepare("SELECT (SELECT count(*) FROM imports) AS imports, (SELECT count(*) FROM import_facts) AS facts, (SELECT count(*) FROM evidence) AS evidence, (SELECT count(*) FROM ledger) AS ledger").get() as Record<string, number>;

describe('an imported file', () => {
  it('is previewed, imported in the background, and kept as evidence with its facts and lines', async () => {
    const { host, core, auditId, releaseId } = await setUp();
    const uploadId = await upload(host, fixture('git-log-fuller.txt'));
    const preview = await api<{ detection: { kind: string } | null; refusal: string | null; name: string }>(host, 'imports.preview', { uploadId });
    expect(preview.value).toMatchObject({ detection: { kind: 'git-log' }, refusal: null, name: 'git-log-fuller.txt' });

    const started = await api<{ jobId: string }>(host, 'imports.start', { uploadId, auditId, releaseId });
    const done = await finish<{ import: { id: string; kind: string; factCount: number; evidenceId: string; factKinds: Record<string, number> }; alreadyImported: boolean }>(host, started.value.jobId);
    expect(done.state, done.message ?? '').toBe('done');
    expect(done.result.alreadyImported).toBe(false);
    expect(done.result.import.kind).toBe('git-log');
    expect(done.result.import.factKinds.commit).toBeGreaterThan(1);

    const imported = done.result.import;
    const evidence = core.sqlite.prepare('SELECT sha256, capture_method AS method, original_name AS name FROM evidence WHERE id = ?').get(imported.evidenceId) as { sha256: string; method: string; name: string };
    expect(evidence).toMatchObject({ method: 'import', name: 'git-log-fuller.txt' });
    expect(fs.readFileSync(core.vault.objectPath(evidence.sha256))).toEqual(fs.readFileSync(fixture('git-log-fuller.txt')));

    const facts = await api<{ total: number; items: Array<{ lineFrom: number; lineTo: number; fact: { kind: string } }> }>(host, 'imports.facts', { releaseId, limit: 1000 });
    expect(facts.value.total).toBe(imported.factCount);
    const run = facts.value.items.find((item) => item.fact.kind === 'commit');
    expect(run).toBeDefined();
    // The lines a fact names are the file's own lines.
    const excerpt = await api<{ lines: Array<{ n: number; text: string }> }>(host, 'imports.excerpt', { importId: imported.id, from: run!.lineFrom, to: run!.lineTo });
    const fileLines = fs.readFileSync(fixture('git-log-fuller.txt'), 'utf8').split('\n');
    expect(excerpt.value.lines[0]).toEqual({ n: run!.lineFrom, text: fileLines[run!.lineFrom - 1]!.replace(/\r$/, '') });
    expect((await api(host, 'imports.list', { auditId, releaseId })).value).toHaveLength(1);
    expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('imported again (the same bytes, another upload) changes nothing', async () => {
    const { host, core, auditId, releaseId } = await setUp();
    const first = await api<{ jobId: string }>(host, 'imports.start', { uploadId: await upload(host, fixture('servicenow-change-display.json')), auditId, releaseId });
    const one = await finish<{ import: { id: string } }>(host, first.value.jobId);
    expect(one.state, one.message ?? '').toBe('done');
    const before = counts(core);
    const again = await api<{ jobId: string }>(host, 'imports.start', { uploadId: await upload(host, fixture('servicenow-change-display.json'), 'renamed.log'), auditId, releaseId });
    const two = await finish<{ import: { id: string }; alreadyImported: boolean }>(host, again.value.jobId);
    expect(two.result).toMatchObject({ alreadyImported: true, import: { id: one.result.import.id } });
    expect(counts(core)).toEqual(before);
  });

  it('that cannot be read is refused in one sentence, with nothing written', async () => {
    const { host, core, auditId, releaseId } = await setUp();
    const dir = scratchDir();
    const png = writeScratch(dir, 'shot.log', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]));
    const uploadId = await upload(host, png);
    const preview = await api<{ detection: unknown; refusal: string }>(host, 'imports.preview', { uploadId });
    expect(preview.value.detection).toBeNull();
    expect(preview.value.refusal).toMatch(/PNG/);
    const before = counts(core);
    const started = await api<{ jobId: string }>(host, 'imports.start', { uploadId, auditId, releaseId });
    const done = await finish(host, started.value.jobId);
    expect(done.state).toBe('failed');
    expect(done.message).toMatch(/PNG/);
    expect(done.message!.split(/\.\s/).length).toBeLessThanOrEqual(2);
    expect(counts(core)).toEqual(before);
  });

  it('is refused for a release of another audit, an unknown upload, or lines the wrong way round', async () => {
    const { host, auditId } = await setUp();
    const other = (await api<{ id: string }>(host, 'audits.create', { name: 'Other' })).value;
    const otherRelease = (await api<{ id: string }>(host, 'releases.create', { auditId: other.id, identifier: 'X-1' })).value;
    const uploadId = await upload(host, fixture('servicenow-change-display.json'));
    expect((await api(host, 'imports.start', { uploadId, auditId, releaseId: otherRelease.id })).error).toMatchObject({ code: 'VALIDATION', message: 'That release belongs to another audit.' });
    expect((await api(host, 'imports.preview', { uploadId: '00000000-0000-4000-8000-000000000000' })).error?.code).toBe('NOT_FOUND');
    expect((await api(host, 'imports.excerpt', { importId: auditId, from: 3, to: 1 })).error?.code).toBe('VALIDATION');
  });

  it('cancelled while it is read keeps nothing', async () => {
    const { core, auditId, releaseId } = await setUp();
    const before = counts(core);
    const controller = new AbortController();
    controller.abort();
    await expect(importInto(core, fixture('servicenow-change-display.json'), { auditId, releaseId }, { signal: controller.signal })).rejects.toThrow(/cancelled/);
    expect(counts(core)).toEqual(before);
  });

  it.skipIf(realworldMissing)('of a real GitHub Actions log and a real Ansible run records their facts under the release', async () => {
    const { core, auditId, releaseId } = await setUp();
    const gha = await importInto(core, real('gha-pytorch-error_log1.txt'), { auditId, releaseId });
    const ansible = await importInto(core, real('ansible-default-callback.stdout'), { auditId, releaseId });
    expect(gha.import.kind).toBe('github-actions');
    expect(ansible.import.kind).toBe('ansible');
    expect(listFacts(core, { releaseId, kind: 'host-status', offset: 0, limit: 100 }).total).toBeGreaterThan(0);
    expect(listFacts(core, { importId: gha.import.id, kind: 'message', offset: 0, limit: 100 }).total).toBeGreaterThan(0);
    expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('of a git repository folder keeps the log git printed as its evidence', async () => {
    const { core, auditId, releaseId } = await setUp();
    const repo = scratchDir();
    const { execFileSync } = await import('node:child_process');
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.org', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.org' } });
    git('init', '-q');
    fs.writeFileSync(path.join(repo, 'a.txt'), 'a');
    git('add', 'a.txt');
    git('commit', '-q', '-m', 'PAY-12 first change');
    const outcome = await importInto(core, repo, { auditId, releaseId });
    expect(outcome.import).toMatchObject({ kind: 'git-log', factCount: 1 });
    expect(outcome.import.name).toMatch(/^git log of /);
    const text = fs.readFileSync(core.vault.objectPath(outcome.import.sha256), 'utf8');
    expect(text).toContain('PAY-12 first change');
    expect(listFacts(core, { importId: outcome.import.id, offset: 0, limit: 10 }).items[0]?.fact).toMatchObject({ kind: 'commit', tickets: ['PAY-12'] });
  });
});
