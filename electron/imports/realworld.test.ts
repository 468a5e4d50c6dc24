import { describe, expect, it } from 'vitest';
import { ImportResult, type Fact, type FactOf } from '../../shared/api/imports';
import { importFile } from './import-file';
import { real, realworldDir, realworldMissing } from './test-files';

// The importers on real outputs of the tools (../shared/realworld, see its SOURCES.md); every
// expected value below was read from the file itself.

const of = <K extends Fact['kind']>(facts: Fact[], kind: K) => facts.filter((f): f is FactOf<K> => f.kind === kind);

if (!realworldDir) console.warn(`Skipped: ${realworldMissing}.`);

describe.skipIf(!realworldDir)('importers on real files', () => {
  it('Jenkins Pipeline log (elastic/apm-pipeline-library): failed run, stages with times, errors with lines', async () => {
    const result = await importFile(real('jenkins-pipeline-log.txt'));
    expect(ImportResult.parse(result)).toBeTruthy();
    expect(result.kind).toBe('jenkins');
    expect(result.lines).toBe(3236);
    const [run] = of(result.facts, 'run');
    expect(run).toMatchObject({ result: 'failure', triggeredBy: 'Push event to branch master', lines: [1, 3236] });
    expect(run?.startedAt).toMatchObject({ utc: '2019-05-23T16:37:45.180Z', offset: 'Z', zone: 'stated' });
    expect(run?.endedAt?.utc).toBe('2019-05-23T17:19:10.665Z');
    const stages = of(result.facts, 'step').filter((s) => s.level === 'stage');
    expect(stages.slice(0, 4).map((s) => s.name)).toEqual(['Declarative: Checkout SCM', 'Checkout', 'Intake', 'Build']);
    const checkout = stages.find((s) => s.name === 'Checkout');
    expect(checkout).toMatchObject({ lines: [75, 137], startedAt: { utc: '2019-05-23T16:37:53.223Z' }, endedAt: { utc: '2019-05-23T16:38:03.276Z' } });
    expect(stages.find((s) => s.name === 'windows build')?.parent).toBe('Build');
    expect(stages.find((s) => s.name === 'Documentation')?.lines[0]).toBe(2471);
    const errors = of(result.facts, 'message').filter((m) => m.severity === 'error');
    expect(errors.at(-1)).toMatchObject({ lines: [3235, 3235], text: 'ERROR: script returned exit code 1' });
    expect(errors.find((e) => e.lines[0] === 188)).toMatchObject({ step: 'Intake' });
    expect(of(result.facts, 'artifact')[0]).toMatchObject({ type: 'revision', value: 'd8f5a1aca24a04b95a6685d1354af4d03e54201c', ref: 'master', lines: [32, 32] });
    expect(result.warnings).toEqual([]);
  });

  it('GitHub Actions raw job log (pytorch/test-infra): steps, two error annotations, failure inferred', async () => {
    const result = await importFile(real('gha-pytorch-error_log1.txt'));
    expect(result.kind).toBe('github-actions');
    const [run] = of(result.facts, 'run');
    expect(run).toMatchObject({ result: 'failure', worker: 'i-00726d0d1e8699347' });
    expect(run?.startedAt?.utc).toBe('2024-07-08T16:48:09.375Z');
    expect(run?.endedAt?.text).toBe('2024-07-08T16:59:37.9561403Z');
    const errors = of(result.facts, 'message').filter((m) => m.severity === 'error');
    expect(errors.map((e) => e.lines[0])).toEqual([3194, 4047]);
    expect(errors[0]?.text).toBe('Process completed with exit code 1.');
    const steps = of(result.facts, 'step');
    expect(steps.find((s) => s.lines[0] <= 3194 && s.lines[1] >= 3194)?.result).toBe('failure');
    expect(steps.every((s, i) => i === 0 || s.lines[0] > (steps[i - 1]?.lines[1] ?? 0))).toBe(true);
    expect(steps.find((s) => s.name === "Run '/home/ec2-user/runner-scripts/cleanup.sh'")?.lines[0]).toBe(47);
    expect(result.warnings).toEqual([]);
  });

  it('GitLab CI trace (gitlab-runner 11.4): sections with UTC epoch times through ANSI noise, Job succeeded', async () => {
    const result = await importFile(real('gitlab-ci-trace-runner11.log'));
    expect(result.kind).toBe('gitlab-ci');
    const [run] = of(result.facts, 'run');
    expect(run).toMatchObject({ result: 'success', worker: 'prm-com-gitlab-org bd091556', lines: [1, 225] });
    const sections = of(result.facts, 'step');
    expect(sections.map((s) => s.name)).toEqual(['prepare_script', 'get_sources', 'restore_cache', 'download_artifacts', 'build_script', 'after_script', 'archive_cache', 'upload_artifacts_on_success']);
    expect(sections[4]).toMatchObject({ lines: [57, 214], startedAt: { utc: '2018-10-26T20:53:15.000Z', zone: 'stated' }, endedAt: { utc: '2018-10-26T20:54:00.000Z' } });
    expect(of(result.facts, 'message')).toEqual([expect.objectContaining({ severity: 'warning', lines: [222, 222], text: 'WARNING: out/rpm/: no matching files', step: 'upload_artifacts_on_success' })]);
    expect(of(result.facts, 'artifact')).toEqual([expect.objectContaining({ type: 'revision', value: 'cf91d5e1', ref: 'v11.4.2' })]);
    expect(result.warnings).toEqual([]);
  });

  it('Ansible default callback (ansible/ansible): failed tasks with messages, ignored ones marked, the recap per host', async () => {
    const result = await importFile(real('ansible-default-callback.stdout'));
    expect(result.kind).toBe('ansible');
    expect(of(result.facts, 'host-status')).toEqual([
      { kind: 'host-status', lines: [107, 107], host: 'testhost', status: 'changed', counts: { ok: 19, changed: 11, unreachable: 0, failed: 0, skipped: 4, rescued: 1, ignored: 2 } },
    ]);
    const failed = of(result.facts, 'task-result');
    expect(failed.map((f) => [f.task, f.item, f.message, f.ignored, f.lines])).toEqual([
      ['Failed task', null, 'no reason', true, [11, 11]],
      ['debug loop', 'debug-2', 'debug-2', false, [29, 31]],
      ['debug loop', null, 'One or more items failed', true, [36, 36]],
      ['EXPECTED FAILURE Failed task to be rescued', null, 'Failed as requested from task', false, [40, 40]],
    ]);
    expect(failed[0]?.play).toBe('testhost');
  });

  it('Argo Rollouts aborted Rollout: abort, its time, the failed background analysis and the image', async () => {
    const result = await importFile(real('argo-rollouts-aborted-rollout.yaml'));
    expect(result.kind).toBe('argo-rollout');
    expect(of(result.facts, 'rollout')).toEqual([expect.objectContaining({
      name: 'rollout-background-analysis', namespace: 'default', aborted: true,
      abortedAt: expect.objectContaining({ utc: '2020-09-22T09:10:05.000Z', zone: 'stated' }),
      message: 'metric "web" assessed Failed due to failed (1) > failureLimit (0)', image: 'argoproj/rollouts-demo:yellow',
      analysisRun: 'rollout-background-analysis-db976bc44-2', analysisStatus: 'Failed',
    })]);
  });

  it('Jira Cloud v3 issue (ankitpokhrel/jira-cli): key, type, status, links, created with its +01:00 offset', async () => {
    const result = await importFile(real('jira-cloud-issue-v3.json'));
    expect(result.kind).toBe('jira');
    expect(of(result.facts, 'change')).toEqual([expect.objectContaining({
      system: 'jira', number: 'TEST-1', type: 'Bug', state: 'To Do', summary: 'Bug summary', links: ['TEST-2'],
      createdAt: { text: '2020-12-03T14:05:20.974+0100', utc: '2020-12-03T13:05:20.974Z', offset: '+01:00', zone: 'stated' }, lines: [1, 54],
    })]);
  });

  it('refuses the other real files in one sentence: a Kubernetes Deployment, a Loghub CSV and log', async () => {
    const cases: Array<[string, RegExp]> = [
      ['k8s-deploy-live.yaml', /^This is a Kubernetes Deployment \(apps\/v1\), not an Argo Rollouts Rollout or AnalysisRun\.$/],
      ['loghub/HDFS/HDFS_2k.log_structured.csv', /^This is a CSV table \(columns "LineId", "Date", "Time", "Pid"…\), not a ServiceNow change request export/],
      ['loghub/Apache/Apache_2k.log', /^This file is text but not/],
    ];
    for (const [name, message] of cases) {
      await expect(importFile(real(name)), name).rejects.toMatchObject({ name: 'AppError', code: 'VALIDATION', message: expect.stringMatching(message) });
    }
  });
});
