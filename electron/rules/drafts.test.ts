import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';
import { createHandlers } from '../api/handlers';
import { dispatch } from '../api/dispatch';
import { createAudit } from '../audits/service';
import { getFinding } from '../findings/service';
import { verifyAll } from '../system/verify';
import { fixture, real, realworldDir, realworldMissing, scratchDir, writeScratch } from '../imports/test-files';
import { createRelease, saveTickets } from '../releases/service';
import { transact, type Core } from '../services';
import { addEntry } from '../warroom/service';
import { confirmDraft, dismissDraft, listDrafts, runRules } from './drafts';
import { importReal } from './facts.fixture';

// The rules on facts imported from real files (../shared/realworld, never copied here) and from
// files written for these tests: what they draft, that a second run drafts nothing new, and how an
// auditor confirms a draft into a finding or dismisses it with a reason.

if (!realworldDir) console.warn(`Skipped: ${realworldMissing}.`);

function setup(window: { windowStart: string; windowEnd: string } = { windowStart: '2019-05-23T16:00:00.000Z', windowEnd: '2019-05-23T18:00:00.000Z' }) {
  const core = testCore();
  const audit = createAudit(core, { name: 'Release audit 2019', description: '' });
  const release = createRelease(core, { auditId: audit.id, identifier: 'apm-pipeline-library 1.0.0', ...window });
  return { core, audit, release };
}

const drafted = (core: Core, auditId: string) => listDrafts(core, { auditId }).map((d) => d.ruleId);

const ansibleUnreachable = `
PLAY [Deploy payments-api 4.12.1] **********************************************

TASK [Gathering Facts] *********************************************************
ok: [pay-web-01]
fatal: [pay-web-02]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: ssh: connect to host 10.20.4.12 port 22: Connection timed out", "unreachable": true}

TASK [payments : Stop the service] *********************************************
changed: [pay-web-01]

TASK [payments : Install the release package] **********************************
changed: [pay-web-01]

TASK [payments : Start the service] ********************************************
changed: [pay-web-01]

PLAY RECAP *********************************************************************
pay-web-01                 : ok=4    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0
pay-web-02                 : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0
`.trimStart();

const gitLogNamingTest1 = `commit 5d41402abc4b2a76b9719d911017c592ae1f6c3e
Author: Lena Fischer <lena.fischer@example.org>
Date:   Thu Dec 3 15:12:09 2020 +0100

    TEST-1: handle empty summary in the issue view

commit 7b52009b64fd0a2a49e6d8a939753077792b0554
Author: Lena Fischer <lena.fischer@example.org>
Date:   Thu Dec 3 14:40:51 2020 +0100

    Tidy imports
`;

describe.skipIf(!realworldDir)('rules on imported files', () => {
  it('draft a failed Jenkins run from its real log, once however often they run, with the lines that prove it', async () => {
    const { core, audit, release } = setup();
    const stored = await importReal(core, audit.id, release.id, real('jenkins-pipeline-log.txt'));
    const first = runRules(core, audit.id);
    expect(first).toMatchObject({ version: 1, releases: 1, drafted: 1, alreadyDrafted: 0, byRule: { 'RUN-FAILED': 1 }, bySeverity: { major: 1 } });
    // Only the kinds the pack's rules read: the run, and the artifacts the version rule compares; the log's stages and errors are left alone.
    expect(first.factsRead).toBe(8);
    expect(stored.result.facts.length).toBe(49);
    const again = runRules(core, audit.id, release.id);
    expect(again).toMatchObject({ drafted: 0, alreadyDrafted: 1 });
    const [draft] = listDrafts(core, { auditId: audit.id });
    expect(draft).toMatchObject({
      ruleId: 'RUN-FAILED', packName: 'Release Audit — default rules', packVersion: 1, severity: 'major', controlId: 'RA-DEP-08', state: 'draft', releaseId: release.id,
      proof: [{ factId: stored.factIds[stored.result.facts.findIndex((f) => f.kind === 'run')], importId: stored.importId, evidenceId: stored.evidenceId, kind: 'run', lines: [1, 3236] }],
    });
    expect(draft?.condition).toBe('The jenkins run (started 2019-05-23T16:37:45.180Z, triggered by Push event to branch master) ended as failure at 2019-05-23T17:19:10.665Z.');
  });

  it('confirm a draft into a finding citing the log, and dismiss another keeping the reason', async () => {
    const { core, audit, release } = setup();
    await importReal(core, audit.id, release.id, real('jenkins-pipeline-log.txt'));
    const dir = scratchDir();
    await importReal(core, audit.id, release.id, writeScratch(dir, 'deploy-payments.log', ansibleUnreachable));
    addEntry(core, { releaseId: release.id, kind: 'node-status', body: { node: 'pay-web-02', status: 'succeeded' }, at: '2019-05-23T17:30:00.000Z' });
    runRules(core, audit.id);
    const byRule = new Map(listDrafts(core, { auditId: audit.id }).map((d) => [d.ruleId, d]));
    expect([...byRule.keys()]).toEqual(['HOST-FAILED-MARKED-DONE', 'RUN-FAILED']);
    const host = byRule.get('HOST-FAILED-MARKED-DONE');
    expect(host?.condition).toContain('Ansible reported pay-web-02 as unreachable');
    expect(host?.proof[0]?.lines).toEqual([18, 18]);

    const { findingId, draft } = confirmDraft(core, host?.id as string);
    expect(draft).toMatchObject({ state: 'confirmed', findingId, decidedBy: 'test-auditor' });
    const finding = getFinding(core, findingId);
    expect(finding).toMatchObject({ title: host?.title, severity: 'critical', controlId: 'RA-PST-09', stage: 'post-release', status: 'draft', evidenceCount: 1, criteria: host?.criteria });
    expect(finding.condition).toContain('Proved by deploy-payments.log lines 18.');
    expect(finding.condition).toContain('Drafted by rule HOST-FAILED-MARKED-DONE of pack "Release Audit — default rules" version 1.');
    expect(core.sqlite.prepare('SELECT release_id AS releaseId FROM findings WHERE id = ?').get(findingId)).toEqual({ releaseId: release.id });
    expect(() => confirmDraft(core, host?.id as string)).toThrow(/already confirmed by test-auditor/);

    const failed = byRule.get('RUN-FAILED')?.id as string;
    expect(() => dismissDraft(core, failed, '  ')).toThrow(/Say why/);
    expect(dismissDraft(core, failed, 'Build job of the library, not a production deployment.')).toMatchObject({ state: 'dismissed', dismissReason: 'Build job of the library, not a production deployment.' });
    expect(() => confirmDraft(core, failed)).toThrow(/already dismissed/);
    expect(listDrafts(core, { auditId: audit.id, state: 'dismissed' }).map((d) => d.ruleId)).toEqual(['RUN-FAILED']);
    // Dismissed and confirmed drafts are not drafted again; the ledger holds every change.
    expect(runRules(core, audit.id)).toMatchObject({ drafted: 0, alreadyDrafted: 2 });
    expect((await verifyAll(core)).ok).toBe(true);
  });

  it('the real Ansible recap (rescued and ignored failures only) drafts nothing, even with the deployment done', async () => {
    const { core, audit, release } = setup();
    await importReal(core, audit.id, release.id, real('ansible-default-callback.stdout'));
    addEntry(core, { releaseId: release.id, kind: 'node-status', body: { node: 'testhost', status: 'succeeded' }, at: '2019-05-23T17:30:00.000Z' });
    expect(runRules(core, audit.id)).toMatchObject({ drafted: 0 });
  });

  it('a commit naming the real Jira issue TEST-1 (To Do) is drafted; commits on Done tickets are not', async () => {
    const { core, audit, release } = setup({ windowStart: '2020-12-03T16:00:00.000Z', windowEnd: '2020-12-03T20:00:00.000Z' });
    await importReal(core, audit.id, null, real('jira-cloud-issue-v3.json'));
    const dir = scratchDir();
    await importReal(core, audit.id, release.id, writeScratch(dir, 'git-log.txt', gitLogNamingTest1));
    runRules(core, audit.id);
    const drafts = listDrafts(core, { auditId: audit.id });
    expect(drafts.map((d) => d.ruleId)).toEqual(['COMMIT-TICKET-NOT-DONE', 'COMMIT-NO-TICKET']);
    expect(drafts[0]?.condition).toBe('Commit 5d41402abc4b2a76b9719d911017c592ae1f6c3e ("TEST-1: handle empty summary in the issue view") names TEST-1, whose state is To Do (release approval: (not stated)).');
    expect(drafts[0]?.proof.map((p) => [p.kind, p.lines])).toEqual([['commit', [1, 5]], ['change', [1, 54]]]);
    // The same commits, with the ticket approved on the release: not drafted.
    const other = setup({ windowStart: '2020-12-03T16:00:00.000Z', windowEnd: '2020-12-03T20:00:00.000Z' });
    saveTickets(other.core, other.release.id, [{ reference: 'TEST-1', title: 'Bug summary', approvalStatus: 'approved', approvedBy: 'CAB', approvedAt: '2020-12-02T09:00:00.000Z' }]);
    await importReal(other.core, other.audit.id, null, real('jira-cloud-issue-v3.json'));
    await importReal(other.core, other.audit.id, other.release.id, writeScratch(dir, 'git-log-2.txt', gitLogNamingTest1));
    runRules(other.core, other.audit.id);
    expect(drafted(other.core, other.audit.id)).toEqual(['COMMIT-NO-TICKET']);
  });

  it('a failed canary analysis drafts when the war room went on past the breach, not when the real Rollout was aborted', async () => {
    const { core, audit, release } = setup({ windowStart: '2026-12-01T00:00:00.000Z', windowEnd: '2026-12-01T02:00:00.000Z' });
    await importReal(core, audit.id, release.id, fixture('argo-analysisrun-failed.yaml'));
    addEntry(core, { releaseId: release.id, kind: 'halt-check', body: { label: 'Canary success rate', batch: '20%', observedPercent: 12, thresholdPercent: 10, decision: 'continue' }, at: '2026-12-01T00:24:00.000Z' });
    runRules(core, audit.id);
    expect(drafted(core, audit.id)).toEqual(['ANALYSIS-BREACH-CONTINUED']);

    const aborted = setup({ windowStart: '2026-12-01T00:00:00.000Z', windowEnd: '2026-12-01T02:00:00.000Z' });
    await importReal(aborted.core, aborted.audit.id, aborted.release.id, fixture('argo-analysisrun-failed.yaml'));
    await importReal(aborted.core, aborted.audit.id, aborted.release.id, real('argo-rollouts-aborted-rollout.yaml'));
    expect(runRules(aborted.core, aborted.audit.id)).toMatchObject({ drafted: 0 });
  });

  it('answer through the API, and refuse a run on a finalised audit', async () => {
    const { core, audit, release } = setup();
    await importReal(core, audit.id, release.id, real('jenkins-pipeline-log.txt'));
    const handlers = createHandlers(core);
    expect(await dispatch(handlers, 'rules.run', { auditId: audit.id, releaseId: release.id })).toMatchObject({ ok: true, value: { drafted: 1 } });
    const list = await dispatch(handlers, 'rules.drafts', { auditId: audit.id });
    expect(list).toMatchObject({ ok: true, value: [{ ruleId: 'RUN-FAILED' }] });
    expect(await dispatch(handlers, 'rules.dismiss', { id: (list as { value: Array<{ id: string }> }).value[0]?.id, reason: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch(handlers, 'rules.pinned', { auditId: audit.id })).toMatchObject({ ok: true, value: { pinned: false, version: 1 } });
    transact(core, (records) => records.update('audits', audit.id, { status: 'finalised' }));
    expect(await dispatch(handlers, 'rules.run', { auditId: audit.id })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });
});
