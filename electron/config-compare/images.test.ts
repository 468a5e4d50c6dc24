import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { listFacts } from '../imports/store';
import { createRelease } from '../releases/service';
import { releaseVersions } from '../releases/versions';
import { listDrafts, runRules } from '../rules/drafts';
import { storeFacts } from '../rules/facts.fixture';
import { containerImages } from './images';
import { readConfig } from './read-config';
import { driftForAudit } from './service';

// The images of a drift import's desired and live Kubernetes manifests reach the release's version
// table as "manifest" and "deployed image" rows, and the shipped rule drafts when they disagree
// with the git tag, naming both.

const desired = '/work/shared/realworld/k8s-deploy-desired.yaml';
const live = '/work/shared/realworld/k8s-deploy-live.yaml';

describe('container images of a drift import', () => {
  it('reads each container of pods, pod templates and cron jobs with its line; Terraform holds none', () => {
    const yaml = [
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: ops}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers:\n            - {name: migrate, image: "registry.example.com/ops/migrate:2.0.1"}\n          containers:\n            - {name: report, image: "registry.example.com/ops/report:2.0.1"}\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: debug}\nspec:\n  containers:\n    - image: busybox\n',
    ].join('---\n');
    expect(containerImages(readConfig('jobs.yaml', Buffer.from(yaml)), 'desired')).toEqual([
      { ref: 'desired CronJob/ops/nightly container migrate', image: 'registry.example.com/ops/migrate:2.0.1', line: 10 },
      { ref: 'desired CronJob/ops/nightly container report', image: 'registry.example.com/ops/report:2.0.1', line: 12 },
      { ref: 'desired Pod/-/debug container #1', image: 'busybox', line: 19 },
    ]);
    expect(containerImages(readConfig(live, fs.readFileSync(live)), 'live')).toEqual([{ ref: 'live Deployment/default/nginx-deployment container nginx', image: 'nginx:1.23.1', line: 107 }]);
    const plan = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'terraform-plan.json');
    expect(containerImages(readConfig('plan.json', fs.readFileSync(plan)), 'desired')).toEqual([]);
  });

  it('a desired image tag that disagrees with the git tag drafts VERSIONS-DISAGREE naming both; one that agrees does not', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Drift versions', description: '' });
    const odd = createRelease(core, { auditId: audit.id, identifier: 'nginx-1.24.0' });
    const calm = createRelease(core, { auditId: audit.id, identifier: 'nginx-1.23.1' });
    await storeFacts(core, { auditId: audit.id, releaseId: odd.id, fileName: 'git-log-odd.txt', content: 'tag: v1.24.0\n', kind: 'git-log', facts: [{ kind: 'tag', lines: [1, 1], name: 'v1.24.0', commit: 'a1' }] });
    await storeFacts(core, { auditId: audit.id, releaseId: calm.id, fileName: 'git-log-calm.txt', content: 'tag: v1.23.1\n', kind: 'git-log', facts: [{ kind: 'tag', lines: [1, 1], name: 'v1.23.1', commit: 'b2' }] });
    // The live state after the window runs a hand-changed image on the odd release.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-images-'));
    const changed = YAML.parse(fs.readFileSync(live, 'utf8')) as { spec: { template: { spec: { containers: Array<{ image: string }> } } } };
    (changed.spec.template.spec.containers[0] as { image: string }).image = 'nginx:1.24.0';
    const after = path.join(scratch, 'live-after.yaml');
    fs.writeFileSync(after, YAML.stringify(changed));
    const files = (afterFile: string) => ({ desired: { file: desired, name: 'desired.yaml', role: 'desired state' }, before: null, after: { file: afterFile, name: 'live-after.yaml', role: 'live state after' } });
    const drift = await driftForAudit(core, { auditId: audit.id, releaseId: odd.id }, files(after));
    await driftForAudit(core, { auditId: audit.id, releaseId: calm.id }, files(live));

    const artifacts = listFacts(core, { importId: drift.outcome.import.id, kind: 'artifact', offset: 0, limit: 10 }).items;
    expect(artifacts.map((a) => a.fact)).toEqual([
      expect.objectContaining({ type: 'image', value: 'nginx:1.23.1', ref: 'desired Deployment/default/nginx-deployment container nginx' }),
      expect.objectContaining({ type: 'image', value: 'nginx:1.24.0', ref: 'live Deployment/default/nginx-deployment container nginx' }),
    ]);
    const table = releaseVersions(core, odd.id);
    expect(table.rows.map((r) => [r.source, r.label, r.version, r.agrees])).toEqual([
      ['git tag', 'v1.24.0', '1.24.0', true],
      ['manifest', 'nginx:1.23.1', '1.23.1', false],
      ['deployed image', 'nginx:1.24.0', '1.24.0', true],
    ]);
    expect(releaseVersions(core, calm.id)).toMatchObject({ version: '1.23.1', disagree: false });

    runRules(core, audit.id);
    const drafted = listDrafts(core, { auditId: audit.id }).filter((d) => d.ruleId === 'VERSIONS-DISAGREE');
    expect(drafted.map((d) => d.releaseId)).toEqual([odd.id]);
    expect(drafted[0]?.condition).toContain('git tag v1.24.0');
    expect(drafted[0]?.condition).toContain('manifest nginx:1.23.1 says 1.23.1');
    // The manifest's fact cites its line of the comparison document, which names the manifest's own line.
    const document = fs.readFileSync(core.vault.objectPath(drift.outcome.import.sha256), 'utf8').split('\n');
    const line = artifacts[0]?.lineFrom as number;
    expect(document[line - 1]).toBe('[image] desired Deployment/default/nginx-deployment container nginx: "nginx:1.23.1" (desired.yaml line 22)');
    fs.rmSync(scratch, { recursive: true, force: true });
  });
});
