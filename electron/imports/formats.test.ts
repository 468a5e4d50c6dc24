import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportResult, type Fact, type FactOf } from '../../shared/api/imports';
import { importFile } from './import-file';
import { fixture, scratchDir } from './test-files';

// The formats with no public real sample: fixtures written from each format's documentation
// (tests/fixtures/imports), checked fact by fact.

const of = <K extends Fact['kind']>(facts: Fact[], kind: K) => facts.filter((f): f is FactOf<K> => f.kind === kind);

describe('structured exports', () => {
  it('Azure DevOps timeline: stages, jobs and tasks across midnight with workers, results, parents and issues', async () => {
    const result = await importFile(fixture('azure-devops-timeline.json'));
    ImportResult.parse(result);
    expect(result.kind).toBe('azure-devops');
    const steps = of(result.facts, 'step');
    expect(steps.map((s) => [s.level, s.name, s.result])).toEqual([
      ['stage', 'Build', 'succeeded'],
      ['job', 'Build payments-api', 'succeeded'],
      ['task', 'Publish Pipeline Artifact: payments-api-4.12.0', 'succeeded'],
      ['stage', 'Deploy_Production', 'failed'],
      ['job', 'Deploy to prod-eu-west', 'failed'],
      ['task', 'AzureWebApp: payments-api-prod', 'failed'],
    ]);
    const deploy = steps.find((s) => s.name === 'Deploy to prod-eu-west');
    expect(deploy).toMatchObject({ parent: 'Deploy_Production', worker: 'deploy-agent-eu-03', startedAt: { utc: '2026-12-01T00:01:09.800Z', zone: 'stated' } });
    expect(steps.find((s) => s.name === 'Deploy_Production')?.startedAt?.utc).toBe('2026-11-30T23:58:41.903Z');
    const lines = fs.readFileSync(fixture('azure-devops-timeline.json'), 'utf8').split('\n');
    const [first, last] = deploy?.lines ?? [0, 0];
    expect(lines[first - 1]).toBe('    {');
    expect(lines.slice(first - 1, last).join('\n')).toContain('"name": "Deploy to prod-eu-west"');
    expect(lines[last - 1]).toMatch(/^ {4}\},?$/);
    expect(of(result.facts, 'message').map((m) => [m.severity, m.step, m.text])).toEqual([
      ['warning', 'Build payments-api', "The 'npm audit' step reported 2 moderate vulnerabilities."],
      ['error', 'AzureWebApp: payments-api-prod', 'Failed to deploy web package to App Service. Conflict (CODE: 409)'],
    ]);
    expect(of(result.facts, 'approval')).toEqual([expect.objectContaining({ ticket: 'Deploy_Production', state: 'succeeded', at: expect.objectContaining({ utc: '2026-12-01T00:01:05.400Z' }) })]);
  });

  it('Azure DevOps build: result, times, who requested it and the source version', async () => {
    const result = await importFile(fixture('azure-devops-build.json'));
    expect(of(result.facts, 'run')).toEqual([expect.objectContaining({ tool: 'azure-devops', name: 'payments-api-release 20261130.7', result: 'failed', triggeredBy: 'Priya Raman (manual)', worker: 'Azure Pipelines' })]);
    expect(of(result.facts, 'artifact')).toEqual([expect.objectContaining({ type: 'revision', value: '9c1e4b7f2a3d5e6f708192a3b4c5d6e7f8091a2b', ref: 'refs/heads/release/4.12' })]);
  });

  it('ServiceNow change JSON with display values: type, state, risk, plans, CI; times flagged as zone not stated', async () => {
    const result = await importFile(fixture('servicenow-change-display.json'));
    expect(result.kind).toBe('servicenow-json');
    const [hotfix, standard] = of(result.facts, 'change');
    expect(hotfix).toMatchObject({
      number: 'CHG0040217', type: 'emergency', state: 'Implement', risk: 'High', backoutPlan: true, testPlan: false, justification: false,
      configurationItems: ['payments-api-prod'], plannedStart: { text: '2026-12-01 00:30:00', offset: null, zone: 'not-stated' },
    });
    expect(standard).toMatchObject({ number: 'CHG0040188', type: 'standard', state: 'Closed', testPlan: true, justification: true });
    expect(of(result.facts, 'approval')[0]).toMatchObject({ ticket: 'CHG0040217', state: 'approved', at: { text: '2026-12-01 00:42:10', zone: 'not-stated' } });
    expect(hotfix?.lines[0]).toBeLessThan(standard?.lines[0] ?? 0);
  });

  it('ServiceNow change JSON raw: codes mapped to labels, times read as the UTC the Table API gives', async () => {
    const result = await importFile(fixture('servicenow-change-raw.json'));
    expect(of(result.facts, 'change')[0]).toMatchObject({
      number: 'CHG0040217', type: 'emergency', state: 'Implement', risk: 'High', configurationItems: ['b0c25d1bc0a800090168be1bfcdcd759'],
      plannedStart: { utc: '2026-11-30T23:30:00.000Z', offset: 'Z', zone: 'stated' }, plannedEnd: { utc: '2026-12-01T01:00:00.000Z' },
    });
  });

  it('ServiceNow approvals with display_value=all: approver, state and UTC time per approval', async () => {
    const result = await importFile(fixture('servicenow-approvals-all.json'));
    expect(of(result.facts, 'approval').map((a) => [a.ticket, a.approver, a.state, a.at?.utc])).toEqual([
      ['CHG0040217', 'Maria Lopez', 'approved', '2026-11-30T23:42:10.000Z'],
      ['CHG0040217', 'Tom Okafor', 'requested', '2026-11-30T22:16:02.000Z'],
    ]);
  });

  it('ServiceNow CSV export (CRLF, a quoted field over two lines, doubled quotes) and the label-headed export', async () => {
    const result = await importFile(fixture('servicenow-changes.csv'));
    expect(result.kind).toBe('servicenow-csv');
    const changes = of(result.facts, 'change');
    expect(changes.map((c) => [c.number, c.type, c.state, c.risk, c.backoutPlan, c.testPlan, c.lines])).toEqual([
      ['CHG0040217', 'emergency', 'Implement', 'High', true, false, [2, 3]],
      ['CHG0040188', 'standard', 'Closed', 'Low', true, true, [4, 4]],
      ['CHG0040233', 'normal', 'Assess', 'Moderate', false, false, [5, 5]],
    ]);
    expect(changes[1]?.summary).toBe('Monthly certificate rotation, edge proxies "01-04"');
    const labels = await importFile(fixture('servicenow-changes-labels.csv'));
    expect(of(labels.facts, 'change')[0]).toMatchObject({ number: 'CHG0040301', state: 'Scheduled', configurationItems: ['kafka-prod'], plannedEnd: { text: '2026-12-03 21:30:00' } });
  });

  it('Jira search result with changelog: status transitions with who and when (offsets kept)', async () => {
    const result = await importFile(fixture('jira-search-changelog.json'));
    expect(of(result.facts, 'change')[0]).toMatchObject({ number: 'PAY-1432', type: 'Bug', state: 'Done', risk: 'High', links: ['PAY-1398'], configurationItems: ['payments-api'] });
    expect(of(result.facts, 'transition').map((t) => [t.field, t.from, t.to, t.by, t.at?.utc])).toEqual([
      ['status', 'To Do', 'In Progress', 'Jonas Berg', '2026-11-30T21:05:41.102Z'],
      ['status', 'In Progress', 'Approved', 'Maria Lopez', '2026-11-30T23:02:13.877Z'],
      ['status', 'Approved', 'Done', 'Priya Raman', '2026-12-01T07:30:12.000Z'],
      ['resolution', null, 'Done', 'Priya Raman', '2026-12-01T07:30:12.000Z'],
    ]);
  });

  it('Ansible JSON callback: failed and unreachable hosts with messages and task times, stats per host', async () => {
    const result = await importFile(fixture('ansible-json-callback.json'));
    expect(result.kind).toBe('ansible-json');
    expect(of(result.facts, 'task-result').map((t) => [t.host, t.status, t.task, t.message])).toEqual([
      ['pay-eu-02', 'failed', 'Copy the release jar', 'Destination directory /opt/payments does not exist'],
      ['pay-eu-03', 'unreachable', 'Copy the release jar', 'Failed to connect to the host via ssh: ssh: connect to host 10.20.3.13 port 22: Connection timed out'],
    ]);
    expect(of(result.facts, 'task-result')[0]?.startedAt?.utc).toBe('2026-12-01T00:14:05.771Z');
    expect(of(result.facts, 'host-status').map((h) => [h.host, h.status])).toEqual([['pay-eu-01', 'changed'], ['pay-eu-02', 'failed'], ['pay-eu-03', 'unreachable']]);
  });

  it('Argo AnalysisRun: each metric with its measured values against its conditions and failure limit', async () => {
    const result = await importFile(fixture('argo-analysisrun-failed.yaml'));
    expect(result.kind).toBe('argo-analysisrun');
    const [rate, latency] = of(result.facts, 'analysis-metric');
    expect(rate).toMatchObject({
      run: 'payments-api-6d9f8b7c5-7-1', metric: 'success-rate', phase: 'Failed', successCondition: 'result[0] >= 0.95', failureCondition: 'result[0] < 0.90', failureLimit: 1, failed: 2,
      measurements: [{ value: '[0.8712]', phase: 'Failed', at: { utc: '2026-12-01T00:21:05.000Z' } }, { value: '[0.8533]', phase: 'Failed' }],
    });
    expect(latency).toMatchObject({ metric: 'p99-latency', phase: 'Running', successCondition: 'result[0] < 0.5', failed: 0 });
    const text = fs.readFileSync(fixture('argo-analysisrun-failed.yaml'), 'utf8').split('\n');
    expect(text[(rate?.lines[0] ?? 1) - 1]).toContain('count: 2');
    expect(of(result.facts, 'run')[0]).toMatchObject({ result: 'failed' });
  });
});

describe('git history', () => {
  it('git log default: commits with authors, offsets, merge parents and ticket ids', async () => {
    const result = await importFile(fixture('git-log-default.txt'));
    expect(result.kind).toBe('git-log');
    const commits = of(result.facts, 'commit');
    expect(commits.map((c) => [c.hash.slice(0, 7), c.tickets, c.lines])).toEqual([
      ['4f3c2a1', ['PAY-1432'], [1, 6]], ['1f2e3d4', ['PAY-1432', 'PAY-1398'], [8, 15]], ['0e9d8c7', [], [17, 21]], ['9a8b7c6', [], [23, 27]],
    ]);
    expect(commits[0]?.parents).toEqual(['9a8b7c6', '1f2e3d4']);
    expect(commits[2]).toMatchObject({ author: 'Maria Lopez <maria.lopez@contoso.com>', authoredAt: { utc: '2026-11-30T22:20:11.000Z', offset: '-05:00', zone: 'stated' }, subject: 'Bump version to 4.12.1' });
  });

  it('git log --pretty=fuller: committer and commit date; custom ticket patterns', async () => {
    const result = await importFile(fixture('git-log-fuller.txt'), { ticketPatterns: [/\bOPS-\d+\b/] });
    const [first] = of(result.facts, 'commit');
    expect(first).toMatchObject({ committer: 'Priya Raman <priya.raman@contoso.com>', committedAt: { utc: '2026-11-30T23:05:17.000Z' }, authoredAt: { utc: '2026-11-30T22:58:02.000Z' }, tickets: ['OPS-77'] });
  });

  it('git log --decorate: refs and tags', async () => {
    const result = await importFile(fixture('git-log-decorate.txt'));
    expect(of(result.facts, 'commit')[0]?.refs).toEqual(['HEAD -> release/4.12', 'tag: v4.12.1', 'origin/release/4.12']);
    expect(of(result.facts, 'tag').map((t) => [t.name, t.commit.slice(0, 7)])).toEqual([['v4.12.1', '4f3c2a1'], ['v4.12.0', '9a8b7c6'], ['release-2026-11-27', '9a8b7c6']]);
  });

  it('a repository folder is read with git itself, in a range, with tags', async () => {
    const dir = scratchDir();
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { env: { ...process.env, GIT_AUTHOR_NAME: 'Jonas Berg', GIT_AUTHOR_EMAIL: 'jonas@contoso.com', GIT_COMMITTER_NAME: 'Jonas Berg', GIT_COMMITTER_EMAIL: 'jonas@contoso.com', GIT_AUTHOR_DATE: '2026-11-30T23:58:02+01:00', GIT_COMMITTER_DATE: '2026-11-30T23:58:02+01:00' } });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'one\n');
    git('add', '.');
    git('commit', '-q', '-m', 'PAY-1 first');
    git('tag', 'v1.0.0');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'two\n');
    git('commit', '-q', '-am', 'second, no ticket');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'three\n');
    git('commit', '-q', '-am', 'PAY-3 third');
    const all = await importFile(dir);
    expect(of(all.facts, 'commit').map((c) => c.subject)).toEqual(['PAY-3 third', 'second, no ticket', 'PAY-1 first']);
    expect(of(all.facts, 'tag').map((t) => t.name)).toEqual(['v1.0.0']);
    expect(of(all.facts, 'commit')[0]).toMatchObject({ committer: 'Jonas Berg <jonas@contoso.com>', committedAt: { utc: '2026-11-30T22:58:02.000Z', offset: '+01:00' } });
    const range = await importFile(dir, { range: 'v1.0.0..HEAD' });
    expect(of(range.facts, 'commit').map((c) => c.tickets)).toEqual([['PAY-3'], []]);
    await expect(importFile(dir, { range: '--output=/tmp/x' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/is not a commit range/) });
    await expect(importFile(scratchDir())).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/is a folder but not a git repository/) });
  });
});
