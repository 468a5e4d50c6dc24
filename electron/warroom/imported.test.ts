import { describe, expect, it } from 'vitest';
import { WarRoomBoard } from '../../shared/api/warroom';
import { createAudit } from '../audits/service';
import { importInto } from '../imports/store';
import { fixture, real, realworldMissing } from '../imports/test-files';
import { createRelease, saveRunbook } from '../releases/service';
import { verifyAll } from '../system/verify';
import { testCore } from '../../tests/helpers/temp';
import { addEntry, warRoomBoard } from './service';

// Imported files fill the war room: a real Ansible run gives each host's status, an Argo
// AnalysisRun the halt checks, a real Jenkins pipeline the steps planned against actual. They are
// derived from the facts, name their file and lines, and are never war-room entries.

function setUp() {
  const core = testCore();
  const audit = createAudit(core, { name: 'War room imports', description: '' });
  const release = createRelease(core, { auditId: audit.id, identifier: 'PAY-7' });
  saveRunbook(core, release.id, [
    { title: 'checkout', plannedStart: '2019-05-23T16:30:00.000Z', plannedEnd: '2019-05-23T16:40:00.000Z', owner: 'SRE', parameters: {}, contacts: '' },
    { title: 'Smoke tests', plannedStart: null, plannedEnd: null, owner: 'QA', parameters: {}, contacts: '' },
  ]);
  return { core, auditId: audit.id, releaseId: release.id };
}

describe('the war room of a release with imported files', () => {
  it.skipIf(realworldMissing)('shows each host of a real Ansible run with its status and failed tasks, naming the file', async () => {
    const { core, auditId, releaseId } = setUp();
    const outcome = await importInto(core, real('ansible-default-callback.stdout'), { auditId, releaseId });
    const board = WarRoomBoard.parse(warRoomBoard(core, releaseId));
    expect(board.entries).toEqual([]);
    expect(board.imported.nodes).toEqual([
      expect.objectContaining({
        host: 'testhost',
        status: 'changed',
        source: { importId: outcome.import.id, name: 'ansible-default-callback.stdout', kindLabel: 'Ansible playbook output', lines: [107, 107] },
      }),
    ]);
    expect(board.imported.nodes[0]?.failedTasks).toContainEqual({ task: 'debug loop', message: 'debug-2', ignored: false, lines: [29, 31] });
  });

  it('shows an Argo AnalysisRun metric that breached its limit as a failed halt check, and one that holds as not breached', async () => {
    const { core, auditId, releaseId } = setUp();
    await importInto(core, fixture('argo-analysisrun-failed.yaml'), { auditId, releaseId });
    const { haltChecks, runs } = warRoomBoard(core, releaseId).imported;
    expect(haltChecks.map((h) => [h.metric, h.breached, h.lastValue, h.failed, h.failureLimit])).toEqual([
      ['success-rate', true, '[0.8533]', 2, 1],
      ['p99-latency', false, '[0.244]', 0, null],
    ]);
    expect(haltChecks[0]).toMatchObject({ condition: 'success: result[0] >= 0.95; failure: result[0] < 0.90', measuredAt: { utc: '2026-12-01T00:22:05.000Z' }, source: { name: 'argo-analysisrun-failed.yaml', lines: [49, 62] } });
    expect(runs).toEqual([expect.objectContaining({ tool: 'argo-rollouts', result: 'failed' })]);
  });

  it.skipIf(realworldMissing)('shows a real aborted rollout, and a real Jenkins pipeline with its stages planned against actual where the runbook names them', async () => {
    const { core, auditId, releaseId } = setUp();
    await importInto(core, real('argo-rollouts-aborted-rollout.yaml'), { auditId, releaseId });
    await importInto(core, real('jenkins-pipeline-log.txt'), { auditId, releaseId });
    const board = WarRoomBoard.parse(warRoomBoard(core, releaseId));
    expect(board.imported.rollouts).toEqual([expect.objectContaining({ name: 'rollout-background-analysis', aborted: true, analysisStatus: 'Failed', abortedAt: { utc: '2020-09-22T09:10:05.000Z', text: '2020-09-22T09:10:05Z' } })]);
    const checkout = board.imported.steps.find((s) => s.name === 'Checkout');
    expect(checkout?.runbook).toMatchObject({ title: 'checkout', startVarianceMinutes: 8, endVarianceMinutes: -2 });
    expect(board.imported.steps.find((s) => s.name === 'Intake')).toMatchObject({ result: 'failure', runbook: null, source: { kindLabel: 'Jenkins console log' } });
    expect(board.imported.runs).toContainEqual(expect.objectContaining({ tool: 'jenkins', result: 'failure', triggeredBy: 'Push event to branch master' }));
    // The hand-kept timeline is the auditor's: imported steps do not start or finish runbook steps.
    expect(board.steps.every((s) => s.actualStart === null)).toBe(true);
    expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('cannot be corrected or changed by an entry, and an import already there changes nothing', async () => {
    const { core, auditId, releaseId } = setUp();
    await importInto(core, fixture('argo-analysisrun-failed.yaml'), { auditId, releaseId });
    const before = warRoomBoard(core, releaseId).imported;
    expect(() => addEntry(core, { releaseId, kind: 'correction', body: { correctsId: before.haltChecks[0]!.source.importId, reason: 'wrong', void: true } })).toThrow();
    expect((await importInto(core, fixture('argo-analysisrun-failed.yaml'), { auditId, releaseId })).alreadyImported).toBe(true);
    expect(warRoomBoard(core, releaseId).imported).toEqual(before);
  });
});
