import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';
import type { Fact } from '../../shared/api/imports';
import { createHandlers } from '../api/handlers';
import { dispatch } from '../api/dispatch';
import { createAudit } from '../audits/service';
import { listDrafts, runRules } from '../rules/drafts';
import { storeFacts } from '../rules/facts.fixture';
import { createRelease } from './service';
import { imageTag, normaliseVersion, versionTable } from './versions';

// The version table of a release: what git tags, the pipeline, the rollout, the SBOM and the typed
// fields say, normalised, and which disagree; the rule that drafts on disagreement; the API.

const t = (text: string) => ({ text, utc: new Date(text).toISOString(), offset: 'Z', zone: 'stated' as const });

/** A mixed set: two git tags (one older), a pipeline version and image, a run name, the rollout's image and the SBOM. */
const mixed: Fact[] = [
  { kind: 'tag', lines: [3, 3], name: 'v4.1.9', commit: 'a1' },
  { kind: 'tag', lines: [1, 1], name: 'v4.2.0', commit: 'b2' },
  { kind: 'artifact', lines: [10, 10], type: 'version', value: '4.2.0+build.812', ref: null },
  { kind: 'artifact', lines: [11, 11], type: 'image', value: '10.0.0.5:5000/payments/api:4.2.0@sha256:' + 'a'.repeat(64), ref: null },
  { kind: 'artifact', lines: [12, 12], type: 'revision', value: '9fceb02', ref: null },
  { kind: 'run', lines: [1, 40], tool: 'jenkins', name: 'payments-release-4.2.0 #812', result: 'success', startedAt: t('2026-03-14T22:05:11Z'), endedAt: t('2026-03-14T22:41:03Z'), triggeredBy: null, worker: null },
  { kind: 'run', lines: [41, 80], tool: 'jenkins', name: 'payments-deploy #57', result: 'success', startedAt: null, endedAt: null, triggeredBy: null, worker: null },
  { kind: 'rollout', lines: [5, 30], name: 'payments-api', namespace: 'prod', phase: 'Healthy', aborted: false, abortedAt: null, message: null, image: 'registry.example.com/payments/api:4.2.1', analysisRun: null, analysisStatus: null },
  { kind: 'sbom-document', lines: [1, 900], format: 'cyclonedx', specVersion: '1.5', encoding: 'json', serial: null, name: 'payments-api', version: 'v4.2.0', purl: null, created: null, tools: [], components: 3 },
];
const stored = mixed.map((data, i) => ({ id: `00000000-0000-7000-8000-00000000000${i}`, importId: '00000000-0000-7000-8000-0000000000aa', data }));

describe('the version table', () => {
  it('normalises tags, build metadata and image references', () => {
    expect(normaliseVersion('v1.2.3')).toBe('1.2.3');
    expect(normaliseVersion('1.2.3+build.7')).toBe('1.2.3');
    expect(normaliseVersion('release-1.4.2')).toBe('1.4.2');
    expect(normaliseVersion('V2.0.0-rc.1')).toBe('2.0.0-rc.1');
    expect(normaliseVersion('latest')).toBeNull();
    expect(normaliseVersion('812')).toBeNull();
    expect(imageTag('10.0.0.5:5000/team/app:1.2.3@sha256:abc')).toBe('1.2.3');
    expect(imageTag('registry:5000/team/app')).toBeNull();
  });

  it('lists each source on a mixed set of facts and names the one that disagrees (hand-computed)', () => {
    const table = versionTable('00000000-0000-7000-8000-0000000000bb', stored, { sourceTag: 'v4.2.0', buildNumber: '812', manifestVersion: '' });
    expect(table.rows.map((r) => [r.source, r.label, r.version, r.agrees])).toEqual([
      ['git tag', 'v4.1.9', '4.1.9', null],
      ['git tag', 'v4.2.0', '4.2.0', true],
      ['pipeline version', '4.2.0+build.812', '4.2.0', true],
      ['pipeline image', '10.0.0.5:5000/payments/api:4.2.0@sha256:' + 'a'.repeat(64), '4.2.0', true],
      ['pipeline run', 'payments-release-4.2.0 #812', '4.2.0', true],
      ['pipeline run', 'payments-deploy #57', null, null],
      ['rollout image', 'registry.example.com/payments/api:4.2.1', '4.2.1', false],
      ['SBOM root component', 'payments-api v4.2.0', '4.2.0', true],
      ['source tag (typed)', 'v4.2.0', '4.2.0', true],
      ['build (typed)', '812', null, null],
    ]);
    expect(table.rows[0]?.note).toBe('an earlier tag than v4.2.0');
    expect(table.rows[5]?.note).toBe('a build number, not a version');
    expect(table).toMatchObject({ version: '4.2.0', disagree: true });
    expect(table.message).toContain('but rollout image registry.example.com/payments/api:4.2.1 says 4.2.1');
  });

  it('agrees when every source says the same version, and says nothing when none states one', () => {
    const agreeing = versionTable('00000000-0000-7000-8000-0000000000bb', stored.filter((f) => f.data.kind !== 'rollout'), null);
    expect(agreeing).toMatchObject({ version: '4.2.0', disagree: false, message: '' });
    expect(versionTable('00000000-0000-7000-8000-0000000000bb', [], null)).toMatchObject({ rows: [], version: null, disagree: false });
  });

  it('answers releases.versions through the API, refuses a bad id in words, and the rule drafts on disagreement only', async () => {
    const core = testCore();
    const handlers = createHandlers(core);
    const audit = createAudit(core, { name: 'Payments', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'payments-4.2.0', sourceTag: 'v4.2.0' });
    const calm = createRelease(core, { auditId: audit.id, identifier: 'payments-4.2.0-calm', sourceTag: 'v4.2.0' });
    const facts = await storeFacts(core, { auditId: audit.id, releaseId: release.id, fileName: 'facts.txt', content: 'x\n'.repeat(900), kind: 'jenkins', facts: mixed });
    await storeFacts(core, { auditId: audit.id, releaseId: calm.id, fileName: 'facts.txt', content: 'y\n'.repeat(900), kind: 'jenkins', facts: mixed.filter((f) => f.kind !== 'rollout') });
    const answer = await dispatch(handlers, 'releases.versions', { releaseId: release.id });
    expect(answer).toMatchObject({ ok: true, value: { version: '4.2.0', disagree: true } });
    expect(await dispatch(handlers, 'releases.versions', { releaseId: 'R1' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('must be a record identifier') } });
    runRules(core, audit.id);
    const drafted = listDrafts(core, { auditId: audit.id }).filter((d) => d.ruleId === 'VERSIONS-DISAGREE');
    expect(drafted.map((d) => d.releaseId)).toEqual([release.id]);
    expect(drafted[0]?.condition).toContain('rollout image registry.example.com/payments/api:4.2.1 says 4.2.1');
    // The proof cites the compared sources' lines, the rollout's among them.
    expect(drafted[0]?.proof).toContainEqual(expect.objectContaining({ factId: facts.factIds[7], lines: [5, 30] }));
  });
});
