import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createRelease, saveRunbook } from '../releases/service';
import { testCore } from '../../tests/helpers/temp';
import { verifyAll } from '../system/verify';
import { addEntry, warRoomBoard } from './service';

function deployment() {
  const core = testCore();
  const audit = createAudit(core, { name: 'Q4', description: '' });
  const release = createRelease(core, { auditId: audit.id, identifier: 'PAY-1', windowStart: '2026-11-20T22:00:00.000Z' });
  const withSteps = saveRunbook(core, release.id, [
    { title: 'Drain traffic', plannedStart: '2026-11-20T22:00:00.000Z', plannedEnd: '2026-11-20T22:10:00.000Z', owner: 'SRE', parameters: {}, contacts: '' },
    { title: 'Deploy', plannedStart: '2026-11-20T22:10:00.000Z', plannedEnd: '2026-11-20T22:40:00.000Z', owner: 'SRE', parameters: {}, contacts: '' },
  ]);
  return { core, release: withSteps };
}

describe('war room', () => {
  it('times each runbook step planned against actual, and keeps a status board per node', () => {
    const { core, release } = deployment();
    const [drain, deploy] = release.runbook;
    addEntry(core, { releaseId: release.id, kind: 'step-started', body: { stepId: drain!.id }, at: '2026-11-20T22:03:00.000Z' });
    addEntry(core, { releaseId: release.id, kind: 'step-finished', body: { stepId: drain!.id }, at: '2026-11-20T22:12:00.000Z' });
    addEntry(core, { releaseId: release.id, kind: 'step-started', body: { stepId: deploy!.id }, at: '2026-11-20T22:12:00.000Z' });
    addEntry(core, { releaseId: release.id, kind: 'node-status', body: { node: 'eu-1', status: 'in-progress' }, at: '2026-11-20T22:13:00.000Z' });
    addEntry(core, { releaseId: release.id, kind: 'node-status', body: { node: 'eu-1', status: 'succeeded' }, at: '2026-11-20T22:30:00.000Z' });
    addEntry(core, { releaseId: release.id, kind: 'node-status', body: { node: 'us-1', status: 'failed' }, at: '2026-11-20T22:31:00.000Z' });
    const board = warRoomBoard(core, release.id);
    expect(board.steps.map((s) => [s.title, s.startVarianceMinutes, s.endVarianceMinutes])).toEqual([
      ['Drain traffic', 3, 2],
      ['Deploy', 2, null],
    ]);
    expect(board.nodes.map((n) => [n.node, n.status])).toEqual([
      ['eu-1', 'succeeded'],
      ['us-1', 'failed'],
    ]);
  });

  it('tracks on-the-fly changes until approved, halt breaches, and rollbacks against the RTO', () => {
    const { core, release } = deployment();
    const change = addEntry(core, { releaseId: release.id, kind: 'on-the-fly-change', body: { text: 'Raised DB pool size to 80' } });
    expect(warRoomBoard(core, release.id).pendingChanges.map((c) => c.text)).toEqual(['Raised DB pool size to 80']);
    addEntry(core, { releaseId: release.id, kind: 'change-approved', body: { changeEntryId: change.id, approvedBy: 'CAB chair' } });
    expect(warRoomBoard(core, release.id).pendingChanges).toEqual([]);

    addEntry(core, { releaseId: release.id, kind: 'halt-check', body: { label: 'Error rate', batch: 'first batch', observedPercent: 7.5, thresholdPercent: 5, decision: 'halt' } });
    addEntry(core, { releaseId: release.id, kind: 'halt-check', body: { observedPercent: 1, thresholdPercent: 5, decision: 'continue' } });
    expect(warRoomBoard(core, release.id).haltBreaches).toMatchObject([{ observedPercent: 7.5, thresholdPercent: 5, decision: 'halt' }]);

    addEntry(core, { releaseId: release.id, kind: 'rollback-started', body: { mode: 'manual', reason: 'error rate' }, at: '2026-11-20T23:00:00.000Z' });
    addEntry(core, { releaseId: release.id, kind: 'rollback-finished', body: { outcome: 'recovered', rtoTargetMinutes: 30 }, at: '2026-11-20T23:25:00.000Z' });
    expect(warRoomBoard(core, release.id).rollbacks).toMatchObject([{ mode: 'manual', minutes: 25, rtoTargetMinutes: 30, rtoMet: true }]);
  });

  it('never edits an entry: a correction voids or annotates it, and the log stays verifiable', async () => {
    const { core, release } = deployment();
    const wrong = addEntry(core, { releaseId: release.id, kind: 'node-status', body: { node: 'eu-1', status: 'failed' } });
    addEntry(core, { releaseId: release.id, kind: 'correction', body: { correctsId: wrong.id, reason: 'Wrong node: it was us-1', void: true } });
    const board = warRoomBoard(core, release.id);
    expect(board.nodes).toEqual([]);
    expect(board.entries.find((e) => e.id === wrong.id)).toMatchObject({ voided: true, correctedBy: [expect.any(String)] });
    expect(() => core.sqlite.prepare("UPDATE warroom_entries SET body = '{}'").run()).toThrow(/append-only/);
    expect((await verifyAll(core)).ok).toBe(true);
  });

  it('refuses bodies that do not fit the kind, and references to other releases', () => {
    const { core, release } = deployment();
    expect(() => addEntry(core, { releaseId: release.id, kind: 'halt-check', body: { observedPercent: 'lots' } })).toThrow('Not recorded: Observed % must be a number from 0 to 100; Halt above % is required; Decision must be continue or halt.');
    expect(() => addEntry(core, { releaseId: release.id, kind: 'step-started', body: { stepId: '01900000-0000-7000-8000-000000000000' } })).toThrow(/not part of this release/);
    const note = addEntry(core, { releaseId: release.id, kind: 'note', body: { text: 'Bridge call opened' } });
    expect(() => addEntry(core, { releaseId: release.id, kind: 'change-approved', body: { changeEntryId: note.id, approvedBy: 'x' } })).toThrow(/Only an on-the-fly change/);
  });

  it('refuses an empty or meaningless value in the words of the form, and writes nothing', () => {
    const { core, release } = deployment();
    const refusals: Array<[Parameters<typeof addEntry>[1]['kind'], Record<string, unknown>, string]> = [
      ['halt-check', { observedPercent: null, thresholdPercent: 2, decision: 'continue' }, 'Observed % must be a number from 0 to 100'],
      ['halt-check', { label: '  ', observedPercent: 1, thresholdPercent: 2, decision: 'continue' }, 'Measured is required'],
      ['halt-check', { observedPercent: 140, thresholdPercent: 2, decision: 'continue' }, 'Observed % must be from 0 to 100'],
      ['node-status', { node: ' ', status: 'failed' }, 'Node or service is required'],
      ['note', { text: '' }, 'Text is required'],
      ['correction', { correctsId: 'nope', reason: 'x' }, 'Entry to correct: is not a value this field takes'],
      ['rollback-finished', { outcome: 'recovered', rtoTargetMinutes: 0 }, 'RTO (minutes) must be 1 or more'],
    ];
    for (const [kind, body, message] of refusals) {
      let thrown: Error | null = null;
      try {
        addEntry(core, { releaseId: release.id, kind, body });
      } catch (error) {
        thrown = error as Error;
      }
      expect(thrown?.message).toContain(message);
      expect(thrown?.message).not.toMatch(/\b(body|observedPercent|correctsId)\b|UUID/);
    }
    expect(warRoomBoard(core, release.id).entries).toEqual([]);
  });

  it('refuses entries the log cannot allow: finishing before starting, twice, approvals before the change, the future', () => {
    const { core, release } = deployment();
    const [drain] = release.runbook;
    expect(() => addEntry(core, { releaseId: release.id, kind: 'step-finished', body: { stepId: drain!.id } })).toThrow(/has not started yet/);
    addEntry(core, { releaseId: release.id, kind: 'step-started', body: { stepId: drain!.id }, at: '2026-11-20T22:05:00.000Z' });
    expect(() => addEntry(core, { releaseId: release.id, kind: 'step-started', body: { stepId: drain!.id } })).toThrow(/has already started/);
    expect(() => addEntry(core, { releaseId: release.id, kind: 'step-finished', body: { stepId: drain!.id }, at: '2026-11-20T22:00:00.000Z' })).toThrow(/cannot finish before it started/);
    expect(() => addEntry(core, { releaseId: release.id, kind: 'note', body: { text: 'x' }, at: '2099-01-01T00:00:00.000Z' })).toThrow(/in the future/);
    expect(() => addEntry(core, { releaseId: release.id, kind: 'rollback-finished', body: { outcome: 'recovered', rtoTargetMinutes: 30 } })).toThrow(/No rollback is running/);
    const change = addEntry(core, { releaseId: release.id, kind: 'on-the-fly-change', body: { text: 'pool 80' }, at: '2026-11-20T22:10:00.000Z' });
    expect(() => addEntry(core, { releaseId: release.id, kind: 'change-approved', body: { changeEntryId: change.id, approvedBy: 'x' }, at: '2026-11-20T22:09:00.000Z' })).toThrow(/before it was made/);
  });

  it('judges the RTO on the exact duration, and lets a mistaken void be undone', () => {
    const { core, release } = deployment();
    addEntry(core, { releaseId: release.id, kind: 'rollback-started', body: { mode: 'automatic' }, at: '2026-11-20T23:00:00.000Z' });
    addEntry(core, { releaseId: release.id, kind: 'rollback-finished', body: { outcome: 'recovered', rtoTargetMinutes: 30 }, at: '2026-11-20T23:30:29.000Z' });
    expect(warRoomBoard(core, release.id).rollbacks[0]).toMatchObject({ minutes: 30, rtoMet: false });
    const status = addEntry(core, { releaseId: release.id, kind: 'node-status', body: { node: 'eu-1', status: 'failed' } });
    const voiding = addEntry(core, { releaseId: release.id, kind: 'correction', body: { correctsId: status.id, reason: 'wrong node', void: true } });
    expect(warRoomBoard(core, release.id).nodes).toEqual([]);
    addEntry(core, { releaseId: release.id, kind: 'correction', body: { correctsId: voiding.id, reason: 'it was eu-1 after all', void: true } });
    expect(warRoomBoard(core, release.id).nodes.map((n) => n.node)).toEqual(['eu-1']);
  });
});
