import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { RunningHost } from '../host/server';
import { verifyAll } from '../system/verify';
import { callApi, testHost } from '../../tests/helpers/host';

// Parity and drift for real: files uploaded to the import inbox, compared through the API, kept as
// evidence (both files and the comparison document), their facts read by the shipped rules.

type Answer<T = unknown> = { ok: boolean; value: T; error?: { code: string; message: string } };
const here = path.dirname(new URL(import.meta.url).pathname);
const fixture = (name: string) => path.join(here, 'fixtures', name);

async function api<T>(host: RunningHost, method: string, body: unknown): Promise<Answer<T>> {
  return (await (await callApi(host, method, body)).json()) as Answer<T>;
}

async function upload(host: RunningHost, bytes: Buffer, name: string): Promise<string> {
  const response = await fetch(`${host.origin}/upload/import?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}` }, body: new Uint8Array(bytes) });
  const answer = (await response.json()) as Answer<{ uploadId: string }>;
  expect(answer.ok, answer.error?.message).toBe(true);
  return answer.value.uploadId;
}
const uploadFile = (host: RunningHost, file: string) => upload(host, fs.readFileSync(file), path.basename(file));

async function setUp() {
  const { host, core } = await testHost();
  const audit = (await api<{ id: string }>(host, 'audits.create', { name: 'Parity' })).value;
  const release = (await api<{ id: string }>(host, 'releases.create', { auditId: audit.id, identifier: 'REL-16' })).value;
  return { host, core, auditId: audit.id, releaseId: release.id };
}

const counts = (core: Awaited<ReturnType<typeof setUp>>['core']) =>
  core.sqlite.prepare('SELECT (SELECT count(*) FROM imports) AS imports, (SELECT count(*) FROM import_facts) AS facts, (SELECT count(*) FROM evidence) AS evidence, (SELECT count(*) FROM rule_drafts) AS drafts').get() as Record<string, number>;

type Drafts = Array<{ ruleId: string; severity: string; title: string; condition: string; proof: Array<{ lines: [number, number]; evidenceId: string }> }>;

describe('config.compare', () => {
  it('keeps both files and the comparison as evidence, and drafts a finding per difference not ignored, by impact', async () => {
    const { host, core, auditId, releaseId } = await setUp();
    const a = await uploadFile(host, fixture('values-staging.yaml'));
    const b = await uploadFile(host, fixture('values-production.yaml'));
    const answer = await api<{ importId: string; evidenceId: string; drafted: number; differences: Array<{ path: string; ignored: boolean; impact: string }> }>(host, 'config.compare', { auditId, releaseId, a, b });
    expect(answer.ok, answer.error?.message).toBe(true);
    const notIgnored = answer.value.differences.filter((d) => !d.ignored);
    expect(answer.value.drafted).toBe(notIgnored.length);
    expect(counts(core)).toMatchObject({ imports: 1, facts: answer.value.differences.length, evidence: 3 });

    const drafts = (await api<Drafts>(host, 'rules.drafts', { auditId, releaseId })).value;
    const tls = drafts.find((d) => d.title.startsWith('Security setting ingress.tls.enabled'));
    expect(tls).toMatchObject({ ruleId: 'CFG-PARITY-SECURITY', severity: 'major' });
    expect(tls?.condition).toBe('ingress.tls.enabled was changed: values-staging.yaml line 11 has false, values-production.yaml line 11 has true. It is a security setting (tls): TLS, authentication, CORS, debug, privileges and capabilities must match between environments.');
    expect(drafts.find((d) => d.title.startsWith('image.tag'))).toMatchObject({ ruleId: 'CFG-PARITY-BUILD', severity: 'major' });
    expect(drafts.find((d) => d.title.startsWith('features.newCheckout'))).toMatchObject({ ruleId: 'CFG-PARITY-SETTING', severity: 'minor' });
    expect(drafts.find((d) => d.title.startsWith('config.logLevel'))).toMatchObject({ ruleId: 'CFG-PARITY-OTHER', severity: 'informational' });
    expect(drafts.some((d) => d.title.includes('replicaCount') || d.title.includes('ingress.host'))).toBe(false);
    // The proof is the comparison document's line for that difference; no secret's value is anywhere in it.
    const excerpt = await api<{ lines: Array<{ text: string }> }>(host, 'imports.excerpt', { importId: answer.value.importId, from: 1, to: 400 });
    const text = excerpt.value.lines.map((l) => l.text).join('\n');
    expect(text).toContain('[security] ingress.tls.enabled: changed; A line 11: "false"; B line 11: "true"');
    expect(text).not.toMatch(/password-1|password-9|tok-staging|tok-production/);
    const line = tls?.proof[0]?.lines[0] as number;
    expect(excerpt.value.lines[line - 1]?.text).toContain('ingress.tls.enabled');

    // Comparing the same files again changes nothing.
    const again = await api<{ alreadyImported: boolean }>(host, 'config.compare', { auditId, releaseId, a, b });
    expect(again.value.alreadyImported).toBe(true);
    expect(counts(core).imports).toBe(1);
    expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('a pair that differs only in ignored paths drafts nothing; the ignore list is the audit\'s own', async () => {
    const { host, core, auditId, releaseId } = await setUp();
    const a = await upload(host, Buffer.from('replicaCount: 2\ndb:\n  host: a.internal\nlogLevel: info\n'), 'a.yaml');
    const b = await upload(host, Buffer.from('replicaCount: 5\ndb:\n  host: b.internal\nlogLevel: warn\n'), 'b.yaml');
    const list = await api<{ patterns: string[]; custom: boolean }>(host, 'config.ignoreList', { auditId });
    expect(list.value).toMatchObject({ custom: false });
    const set = await api<{ patterns: string[]; custom: boolean }>(host, 'config.setIgnoreList', { auditId, patterns: [...list.value.patterns, 'logLevel'] });
    expect(set.value).toMatchObject({ custom: true });
    const answer = await api<{ drafted: number; differences: Array<{ ignored: boolean }> }>(host, 'config.compare', { auditId, releaseId, a, b });
    expect(answer.value.differences).toHaveLength(3);
    expect(answer.value.differences.every((d) => d.ignored)).toBe(true);
    expect(answer.value.drafted).toBe(0);
    expect(counts(core).drafts).toBe(0);
  });

  it('refuses a damaged or hostile file in one sentence, with nothing written', async () => {
    const { host, core, auditId, releaseId } = await setUp();
    const good = await upload(host, Buffer.from('a: 1\n'), 'good.yaml');
    const before = counts(core);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    for (const [bytes, name, message] of [
      [Buffer.from(bomb), 'bomb.yaml', /aliases too far/],
      [Buffer.from('{"a": '), 'cut.json', /^cut\.json is not valid JSON/],
      [Buffer.from(`${'['.repeat(500)}${']'.repeat(500)}`), 'deep.json', /nests deeper than 64 levels/],
    ] as const) {
      const bad = await upload(host, bytes, name);
      const answer = await api(host, 'config.compare', { auditId, releaseId, a: good, b: bad });
      expect(answer.ok).toBe(false);
      expect(answer.error?.code).toBe('VALIDATION');
      expect(answer.error?.message).toMatch(message);
      expect(answer.error?.message.split(/\.\s/).length).toBeLessThanOrEqual(2);
    }
    expect(counts(core)).toEqual(before);
    const path = await api(host, 'config.compare', { auditId, releaseId, a: '/etc/passwd', b: good });
    expect(path.error?.code).toBe('VALIDATION');
  });
});

describe('config.drift', () => {
  const realLive = fs.readFileSync('/work/shared/realworld/k8s-deploy-live.yaml');
  const realDesired = fs.readFileSync('/work/shared/realworld/k8s-deploy-desired.yaml');
  const changedLive = () => {
    const live = YAML.parse(realLive.toString('utf8')) as { spec: { template: { spec: { containers: Array<{ image: string }> } } } };
    (live.spec.template.spec.containers[0] as { image: string }).image = 'nginx:1.25.0';
    return Buffer.from(YAML.stringify(live));
  };

  it('the real pair unchanged drafts nothing', async () => {
    const { host, auditId, releaseId } = await setUp();
    const answer = await api<{ changes: unknown[]; drafted: number }>(host, 'config.drift', { auditId, releaseId, desired: await upload(host, realDesired, 'desired.yaml'), before: null, after: await upload(host, realLive, 'live.yaml') });
    expect(answer.ok, answer.error?.message).toBe(true);
    expect(answer.value).toMatchObject({ changes: [], drafted: 0 });
  });

  it('an image changed by hand during the window is drafted as critical; the same change in the runbook is not', async () => {
    const { host, auditId, releaseId } = await setUp();
    const files = { desired: await upload(host, realDesired, 'desired.yaml'), before: await upload(host, realLive, 'live-before.yaml'), after: await upload(host, changedLive(), 'live-after.yaml') };
    const answer = await api<{ drafted: number; changes: Array<{ when: string; explained: boolean }> }>(host, 'config.drift', { auditId, releaseId, ...files });
    expect(answer.ok, answer.error?.message).toBe(true);
    expect(answer.value.changes).toEqual([expect.objectContaining({ when: 'during', explained: false })]);
    const drafts = (await api<Drafts>(host, 'rules.drafts', { auditId, releaseId })).value;
    // The live image's tag also disagrees with the manifest's in the release's version table.
    expect(drafts.map((d) => [d.ruleId, d.severity])).toEqual([['DRIFT-CHANGED-IN-WINDOW', 'critical'], ['VERSIONS-DISAGREE', 'major']]);
    expect(drafts[0]?.condition).toContain('was nginx:1.23.1 before the window and nginx:1.25.0 after it, but the desired state says nginx:1.23.1 (line 22)');
    expect(drafts[1]?.condition).toContain('manifest nginx:1.23.1');
    expect(drafts[1]?.condition).toContain('deployed image nginx:1.25.0 says 1.25.0');

    const other = await setUp();
    await api(other.host, 'releases.saveRunbook', { releaseId: other.releaseId, steps: [{ title: 'Roll nginx-deployment to image nginx:1.25.0 (hotfix)' }] });
    const explained = await api<{ drafted: number; changes: Array<{ explained: boolean; explanation: string }> }>(other.host, 'config.drift', {
      auditId: other.auditId,
      releaseId: other.releaseId,
      desired: await upload(other.host, realDesired, 'desired.yaml'),
      before: await upload(other.host, realLive, 'live-before.yaml'),
      after: await upload(other.host, changedLive(), 'live-after.yaml'),
    });
    expect(explained.value.changes[0]).toMatchObject({ explained: true, explanation: 'runbook step "Roll nginx-deployment to image nginx:1.25.0 (hotfix)"' });
    // Explained drift drafts nothing; the version table still says the deployed image is not the manifest's.
    expect(explained.value.drafted).toBe(1);
    expect((await api<Drafts>(other.host, 'rules.drafts', { auditId: other.auditId, releaseId: other.releaseId })).value.map((d) => d.ruleId)).toEqual(['VERSIONS-DISAGREE']);
  });
});
