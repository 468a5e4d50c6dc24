import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportResult, type Fact, type FactOf } from '../../shared/api/imports';
import { importFile } from './import-file';
import { fixture, scratchDir, writeScratch } from './test-files';

// The awkward files: midnight and zones, colour codes, CRLF, byte-order marks, cut and corrupted
// files, bytes that are not UTF-8, files of the wrong kind, and cancel/progress.

const of = <K extends Fact['kind']>(facts: Fact[], kind: K) => facts.filter((f): f is FactOf<K> => f.kind === kind);
const dir = scratchDir();

const midnightJenkins = [
  '23:58:41 Started by user Priya Raman',
  '23:58:41 Replayed #41',
  '23:58:41 Running as SYSTEM',
  '23:58:41 [Pipeline] Start of Pipeline',
  '23:58:42 [Pipeline] node',
  '23:58:42 Running on deploy-agent-eu-03 in /var/lib/jenkins/workspace/payments-deploy',
  '23:58:42 [Pipeline] {',
  '23:58:42 [Pipeline] stage',
  '23:58:42 [Pipeline] { (Checkout)',
  '23:58:44 Checking out Revision 1f2e3d4c5b6a79880716253443526170f8e9d0c1 (refs/remotes/origin/release/4.12)',
  '23:58:45 [Pipeline] }',
  '23:58:45 [Pipeline] // stage',
  '23:59:58 [Pipeline] stage',
  '23:59:58 [Pipeline] { (Deploy)',
  '00:00:03 + ./deploy.sh payments-api 4.12.1',
  '00:00:04 Deploying payments-api version 4.12.1 to prod-eu-west',
  '00:02:31 WARNING: pod payments-api-7c9 restarted once during rollout',
  '00:04:10 [Pipeline] }',
  '00:04:10 [Pipeline] // stage',
  '00:04:10 [Pipeline] stage',
  '00:04:10 [Pipeline] { (Smoke test)',
  'Stage "Smoke test" skipped due to when conditional',
  '00:04:10 [Pipeline] }',
  '00:04:10 [Pipeline] // stage',
  '00:04:11 [Pipeline] }',
  '00:04:11 [Pipeline] // node',
  '00:04:11 [Pipeline] End of Pipeline',
  '00:04:11 Finished: SUCCESS',
];

describe('times', () => {
  it('Jenkins clock-only stamps across midnight: the day after the first stamp is counted, zone flagged not stated', async () => {
    const result = await importFile(writeScratch(dir, 'midnight.log', `${midnightJenkins.join('\n')}\n`));
    ImportResult.parse(result);
    expect(result.kind).toBe('jenkins');
    const [run] = of(result.facts, 'run');
    expect(run).toMatchObject({ result: 'success', triggeredBy: 'user Priya Raman; Replayed #41', worker: 'deploy-agent-eu-03' });
    expect(run?.startedAt).toEqual({ text: '23:58:41', utc: null, offset: null, zone: 'not-stated', day: 0 });
    expect(run?.endedAt).toMatchObject({ text: '00:04:11', day: 1 });
    const deploy = of(result.facts, 'step').find((s) => s.name === 'Deploy');
    expect(deploy).toMatchObject({ lines: [14, 19], startedAt: { text: '23:59:58', day: 0 }, endedAt: { text: '00:04:10', day: 1 } });
    expect(of(result.facts, 'step').find((s) => s.name === 'Smoke test')?.result).toBe('skipped');
    expect(of(result.facts, 'artifact').map((a) => [a.type, a.value])).toEqual([['revision', '1f2e3d4c5b6a79880716253443526170f8e9d0c1'], ['version', '4.12.1']]);
    expect(of(result.facts, 'message')).toEqual([expect.objectContaining({ severity: 'warning', lines: [17, 17], step: 'Deploy' })]);
  });

  it('Jenkins ISO stamps with a +05:30 offset and a GitLab trace with ISO stamps: instants in UTC, offsets kept', async () => {
    const jenkins = await importFile(writeScratch(dir, 'ist.log', [
      '[2026-12-01T05:29:58.120+05:30] Started by timer',
      '[2026-12-01T05:29:59.001+05:30] [Pipeline] stage',
      '[2026-12-01T05:29:59.002+05:30] [Pipeline] { (Build)',
      '[2026-12-01T05:30:07.950+05:30] ERROR: Gradle build failed with exit code 1',
      '[2026-12-01T05:30:08.000+05:30] [Pipeline] // stage',
      '[2026-12-01T05:30:08.100+05:30] Finished: FAILURE',
    ].join('\n')));
    const [run] = of(jenkins.facts, 'run');
    expect(run?.startedAt).toMatchObject({ utc: '2026-11-30T23:59:58.120Z', offset: '+05:30', zone: 'stated' });
    expect(run).toMatchObject({ result: 'failure', triggeredBy: 'timer' });
    expect(of(jenkins.facts, 'step')[0]).toMatchObject({ name: 'Build', result: 'failure' });
    const gitlab = await importFile(writeScratch(dir, 'gitlab-new.log', [
      '2026-11-30T23:59:58.101234Z 00O Running with gitlab-runner 17.5.0 (abc12345)',
      '2026-11-30T23:59:58.101500Z 00O   on eu-runner-4 x7Ypq2',
      '2026-11-30T23:59:58.200000Z 00O section_start:1796083198:step_script\r\u001b[0K\u001b[0K\u001b[36;1mExecuting "step_script" stage of the job script\u001b[0;m',
      '2026-12-01T00:00:04.000000Z 01E \u001b[31;1mERROR: Job failed: exit code 1',
      '2026-12-01T00:00:04.000100Z 00O section_end:1796083204:step_script\r\u001b[0K',
    ].join('\n')));
    expect(gitlab.kind).toBe('gitlab-ci');
    expect(of(gitlab.facts, 'run')[0]).toMatchObject({ result: 'failure', worker: 'eu-runner-4 x7Ypq2', startedAt: { utc: '2026-11-30T23:59:58.101Z' } });
    expect(of(gitlab.facts, 'step')[0]).toMatchObject({ name: 'step_script', result: 'failure', startedAt: { utc: '2026-11-30T23:59:58.000Z' } });
  });
});

describe('noise and encodings', () => {
  it('ANSI colours and Jenkins console notes around Pipeline markers, CRLF line ends', async () => {
    const lines = midnightJenkins.map((line) => line.replace('[Pipeline]', '\u001b[8mha:////4LzuH0K6rvjPrZBD+g==\u001b[0m\u001b[0;90m[Pipeline]\u001b[0m').replace('WARNING:', '\u001b[33mWARNING:\u001b[0m'));
    const result = await importFile(writeScratch(dir, 'ansi-crlf.log', `${lines.join('\r\n')}\r\n`));
    expect(result.kind).toBe('jenkins');
    expect(of(result.facts, 'step').map((s) => s.name)).toEqual(['Checkout', 'Deploy', 'Smoke test']);
    expect(of(result.facts, 'message')[0]?.text).toBe('WARNING: pod payments-api-7c9 restarted once during rollout');
    expect(of(result.facts, 'run')[0]?.result).toBe('success');
  });

  it('a GitHub Actions log with a leading byte-order mark, and JSON with one', async () => {
    const gha = await importFile(writeScratch(dir, 'bom.txt', '\uFEFF2026-12-01T00:00:01.1000000Z ##[group]Run ./deploy.sh\n2026-12-01T00:00:01.2000000Z ./deploy.sh\n2026-12-01T00:00:01.3000000Z ##[endgroup]\n2026-12-01T00:00:09.0000000Z ##[warning]Node.js 16 actions are deprecated.\n2026-12-01T00:00:10.0000000Z Cleaning up orphan processes\n'));
    expect(gha.kind).toBe('github-actions');
    expect(of(gha.facts, 'step')[0]).toMatchObject({ name: 'Run ./deploy.sh', lines: [1, 5], startedAt: { utc: '2026-12-01T00:00:01.100Z' } });
    expect(of(gha.facts, 'message')[0]).toMatchObject({ severity: 'warning', lines: [4, 4] });
    const json = await importFile(writeScratch(dir, 'bom.json', `\uFEFF${fs.readFileSync(fixture('servicenow-change-raw.json'), 'utf8')}`));
    expect(of(json.facts, 'change')[0]?.number).toBe('CHG0040217');
  });

  it('bytes that are not UTF-8 are read as replacement characters with a warning, and the facts still come', async () => {
    const content = Buffer.concat([
      Buffer.from('[2026-12-01T00:00:00.000Z] Started by user Ren'), Buffer.from([0xe9, 0x20, 0xff, 0xfe]), Buffer.from(' Dupont\n'),
      Buffer.from('[2026-12-01T00:00:01.000Z] ERROR: caf'), Buffer.from([0xe9]), Buffer.from(' not found\n[2026-12-01T00:00:02.000Z] Finished: FAILURE\n'),
    ]);
    const result = await importFile(writeScratch(dir, 'latin1.log', content));
    expect(of(result.facts, 'run')[0]).toMatchObject({ result: 'failure', triggeredBy: 'user Ren\uFFFD \uFFFD\uFFFD Dupont' });
    expect(of(result.facts, 'message')[0]?.text).toBe('ERROR: caf\uFFFD not found');
    expect(result.warnings).toEqual(['2 lines held bytes that are not UTF-8; they were read with replacement characters.']);
  });
});

describe('cut and broken files', () => {
  it('a log cut in the middle of a line: facts so far, a warning, no result invented', async () => {
    const cut = midnightJenkins.slice(0, 15).join('\n').slice(0, -7);
    const result = await importFile(writeScratch(dir, 'cut.log', cut));
    expect(of(result.facts, 'run')[0]).toMatchObject({ result: null, endedAt: null });
    expect(of(result.facts, 'step').find((s) => s.name === 'Deploy')).toMatchObject({ endedAt: null });
    expect(result.warnings).toEqual([
      'The stage "Deploy" was never closed in the log; the run may have been cut short.',
      'The log has no "Finished:" line, so the run had not ended or the file is cut short.',
      'The last line has no line end, so the file may have been cut short.',
    ]);
  });

  it('cut or damaged JSON and YAML exports are refused in one sentence', async () => {
    const json = fs.readFileSync(fixture('azure-devops-timeline.json'), 'utf8');
    await expect(importFile(writeScratch(dir, 'cut.json', json.slice(0, 3000)))).rejects.toMatchObject({ code: 'VALIDATION', message: 'This Azure DevOps build or timeline JSON is cut short: its JSON ends before it is complete.' });
    await expect(importFile(writeScratch(dir, 'bad.json', json.replace('"state": "completed",', '"state": "completed" "x",')))).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^This Azure DevOps build or timeline JSON is damaged: it is not valid JSON/) });
    const yaml = fs.readFileSync(fixture('argo-analysisrun-failed.yaml'), 'utf8');
    await expect(importFile(writeScratch(dir, 'cut.yaml', yaml.slice(0, yaml.indexOf("value: '[0.8712]'") + 12)))).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^This Argo Rollouts AnalysisRun is damaged or cut short: its YAML does not parse/) });
  });

  it('an export over the size cap is refused before it is read', async () => {
    const file = path.join(dir, 'huge.json');
    fs.writeFileSync(file, `{"records":[{"type":"Stage","name":"x","state":"completed"}${' '.repeat(70_000)}`);
    fs.truncateSync(file, 65 * 1024 * 1024);
    await expect(importFile(file)).rejects.toMatchObject({ code: 'VALIDATION', message: 'This Azure DevOps build or timeline JSON is 65 MB; exports over 64 MB are not read (export a smaller range).' });
  });
});

describe('files of the wrong kind', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e5d9e10000000049454e44ae426082', 'hex');
  const cases: Array<[string, string | Buffer, string]> = [
    ['image.png', png, 'This file is a PNG image, not a pipeline log, deployment log, change record, git log or test report.'],
    ['random.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), 'This file is binary data, not a pipeline log, deployment log, change record, git log or test report.'],
    ['empty.log', '', 'This file is empty, so it is not a pipeline log, deployment log, change record, git log or test report.'],
    ['blank.log', '\n\r\n   \n', 'This file holds only blank lines, so it is not a pipeline log, deployment log, change record, git log or test report.'],
    ['utf16.log', Buffer.from('\uFEFFStarted by user X', 'utf16le'), 'This file is UTF-16 text, not a pipeline log, deployment log, change record, git log or test report.'],
    ['people.csv', 'name,email,team\nPriya Raman,priya@contoso.com,Payments\n', 'This is a CSV table (columns "name", "email", "team"…), not a ServiceNow change request export: it has no change number column with CHG numbers.'],
    ['package.json', '{ "name": "payments-api", "version": "4.12.1", "scripts": { "start": "node ." } }', 'This looks like JSON but is not a ServiceNow, Jira, Azure DevOps, Ansible, SARIF, CycloneDX, SPDX or OpenVEX file: it has none of "sys_class_name", a CHG number, timeline "records", "buildNumber", an issue "key" with "fields", "plays", SARIF "runs", "bomFormat", "spdxVersion" or an openvex "@context".'],
    ['notes.txt', 'Release notes for 4.12.1\n\n- Fixed token timeouts\n', 'This file is text but not a pipeline log, deployment log, change record, git log or test report that can be read here: it has none of the markers of Jenkins, GitHub Actions, GitLab, Ansible, git log or a ServiceNow export.'],
  ];
  it.each(cases)('%s is refused in one plain sentence', async (name, content, message) => {
    await expect(importFile(writeScratch(dir, name, content))).rejects.toMatchObject({ name: 'AppError', code: 'VALIDATION', message });
  });

  it('a chosen kind reads a file detection would refuse, but never a binary file; an unknown kind is refused', async () => {
    const plain = await importFile(writeScratch(dir, 'plain.txt', 'ERROR: deploy failed on web-2\nall done\n'), { kind: 'jenkins' });
    expect(plain.detection).toMatchObject({ kind: 'jenkins', confidence: 0 });
    expect(of(plain.facts, 'message')).toHaveLength(1);
    await expect(importFile(writeScratch(dir, 'img.png', png), { kind: 'jenkins' })).rejects.toMatchObject({ message: expect.stringMatching(/PNG image/) });
    await expect(importFile(fixture('git-log-default.txt'), { kind: 'tekton' as never })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^"tekton" is not a kind of file that can be imported/) });
    await expect(importFile(path.join(dir, 'absent.log'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('progress and cancel', () => {
  const big = () => writeScratch(dir, 'big.log', `[2026-12-01T00:00:00.000Z] Started by user ci-bot\n${Array.from({ length: 60_000 }, (_, i) => `[2026-12-01T00:00:00.000Z] line ${i} of the deploy output`).join('\n')}\nFinished: SUCCESS\n`);

  it('reports bytes read until the whole file, then the same hash as the file', async () => {
    const file = big();
    const seen: number[] = [];
    const result = await importFile(file, { onProgress: (bytes, total) => { seen.push(bytes); expect(total).toBe(fs.statSync(file).size); } });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(fs.statSync(file).size);
    const { createHash } = await import('node:crypto');
    expect(result.sha256).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    expect(result.lines).toBe(60_002);
  });

  it('stops when cancelled part way, with a plain sentence', async () => {
    const controller = new AbortController();
    const file = big();
    await expect(importFile(file, { signal: controller.signal, onProgress: () => controller.abort() })).rejects.toMatchObject({ code: 'VALIDATION', message: 'The import was cancelled; nothing was kept.' });
  });
});

describe('more of the real shapes', () => {
  it('Ansible: an unreachable host with a multi-line result, a failed one, and the recap feeding the host board', async () => {
    const log = [
      '',
      'PLAY [Deploy payments-api 4.12.1] *********************************************',
      '',
      'TASK [Gathering Facts] *********************************************************',
      'ok: [pay-eu-01]',
      'fatal: [pay-eu-03]: UNREACHABLE! => {',
      '    "changed": false,',
      '    "msg": "Failed to connect to the host via ssh: ssh: connect to host 10.20.3.13 port 22: Connection timed out",',
      '    "unreachable": true',
      '}',
      'ok: [pay-eu-02]',
      '',
      'TASK [payments : Copy the release jar] *****************************************',
      'changed: [pay-eu-01]',
      'fatal: [pay-eu-02]: FAILED! => {"changed": false, "checksum": "6b2e6e3f", "msg": "Destination directory /opt/payments does not exist"}',
      '',
      'PLAY RECAP *********************************************************************',
      'pay-eu-01                  : ok=2    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   ',
      'pay-eu-02                  : ok=1    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0   ',
      'pay-eu-03                  : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0   ',
      '',
    ].join('\n');
    const result = await importFile(writeScratch(dir, 'ansible.out', log));
    expect(of(result.facts, 'task-result').map((t) => [t.host, t.status, t.task, t.lines, t.message?.slice(0, 30)])).toEqual([
      ['pay-eu-03', 'unreachable', 'Gathering Facts', [6, 10], 'Failed to connect to the host '],
      ['pay-eu-02', 'failed', 'payments : Copy the release jar', [15, 15], 'Destination directory /opt/pay'],
    ]);
    expect(of(result.facts, 'task-result')[0]?.play).toBe('Deploy payments-api 4.12.1');
    expect(of(result.facts, 'host-status').map((h) => [h.host, h.status, h.lines[0]])).toEqual([['pay-eu-01', 'changed', 18], ['pay-eu-02', 'failed', 19], ['pay-eu-03', 'unreachable', 20]]);
  });

  it('a log with more errors than are kept lists the first 5,000 and says how many more there were', async () => {
    const lines = ['Started by user ci-bot', ...Array.from({ length: 6200 }, (_, i) => `ERROR: host web-${i} failed its health check`), 'Finished: FAILURE'];
    const result = await importFile(writeScratch(dir, 'noisy.log', `${lines.join('\n')}\n`));
    expect(of(result.facts, 'message')).toHaveLength(5000);
    expect(result.warnings).toEqual(['1200 more errors, warnings and artifacts were found but not listed (only the first 5000 are kept).']);
    expect(of(result.facts, 'run')[0]?.result).toBe('failure');
  });

  it('the same file imported twice gives the same hash and the same facts', async () => {
    const a = await importFile(fixture('azure-devops-timeline.json'));
    const b = await importFile(fixture('azure-devops-timeline.json'));
    expect(b.sha256).toBe(a.sha256);
    expect(b.facts).toEqual(a.facts);
  });
});
