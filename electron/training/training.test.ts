import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAudit, finaliseAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { openFinding } from '../../tests/helpers/open-finding';
import { verifyRecords } from '../ledger/verify-records';
import { conclude } from '../../tests/helpers/conclude';
import { expectAllRefused } from '../../tests/helpers/refused-input';
import { testCore } from '../../tests/helpers/temp';
import {
  createCalibrationSession,
  guidanceOf,
  needsOfFinding,
  removeTrainingNeed,
  saveCalibrationSession,
  saveTrainingNeed,
  tagTrainingNeed,
  trainingPlan,
} from './service';

// Training needs and calibration sessions on a real database.

async function audit() {
  const core = testCore();
  const a = createAudit(core, { name: 'Payments 2026 Q1', description: '' });
  const late = await openFinding(core, { auditId: a.id, title: 'CAB approval after the window', severity: 'major', controlId: 'RA-PRE-01' });
  const backout = await openFinding(core, { auditId: a.id, title: 'Backout plan missing', severity: 'critical' });
  return { core, audit: a, late, backout };
}

describe('training needs', () => {
  it('tags raised findings per role and lists them as a plan per role, with status and date', async () => {
    const { core, audit: a, late, backout } = await audit();
    const cab = tagTrainingNeed(core, { findingId: late.id, role: 'cab-member', note: 'Approval timing' });
    tagTrainingNeed(core, { findingId: late.id, role: 'change-manager' });
    tagTrainingNeed(core, { findingId: backout.id, role: 'cab-member', note: 'Ask for the backout plan' });
    // Tagging the same role again is the same need, its note saved.
    expect(tagTrainingNeed(core, { findingId: late.id, role: 'cab-member', note: 'Approve before the window opens' })).toMatchObject({ id: cab.id, note: 'Approve before the window opens' });
    saveTrainingNeed(core, { id: cab.id, status: 'scheduled', plannedOn: '2026-05-10' });
    expect(needsOfFinding(core, late.id).map((n) => n.role)).toEqual(['change-manager', 'cab-member']);
    const plan = trainingPlan(core, a.id);
    expect(plan.roles.map((r) => [r.role, r.needs.map((n) => [n.findingTitle, n.status, n.plannedOn])])).toEqual([
      ['change-manager', [['CAB approval after the window', 'planned', null]]],
      ['cab-member', [['Backout plan missing', 'planned', null], ['CAB approval after the window', 'scheduled', '2026-05-10']]],
    ]);
    removeTrainingNeed(core, cab.id);
    expect(needsOfFinding(core, late.id).map((n) => n.role)).toEqual(['change-manager']);
    // Tagged again after removal: a new need of that role.
    expect(tagTrainingNeed(core, { findingId: late.id, role: 'cab-member' })).toMatchObject({ role: 'cab-member', note: '', status: 'planned' });
    // A draft is not tagged: it can still be discarded.
    const draft = createFinding(core, { auditId: a.id, title: 'Still a draft' });
    expect(() => tagTrainingNeed(core, { findingId: draft.id, role: 'developer' })).toThrow(/"Still a draft" is still a draft: open it first/);
    expect(verifyRecords(core.sqlite).problems).toEqual([]);
  });

  it('freezes with its finalised audit', async () => {
    const { core, audit: a, late } = await audit();
    const need = tagTrainingNeed(core, { findingId: late.id, role: 'developer' });
    conclude(core, a.id);
    finaliseAudit(core, a.id);
    expect(() => saveTrainingNeed(core, { id: need.id, status: 'delivered' })).toThrow(/"Payments 2026 Q1" is finalised: its training needs can no longer change/);
    expect(() => tagTrainingNeed(core, { findingId: late.id, role: 'operations' })).toThrow(/is finalised/);
    expect(() => removeTrainingNeed(core, need.id)).toThrow(/is finalised/);
    expect(() => core.sqlite.prepare("UPDATE training_needs SET status = 'delivered' WHERE id = ?").run(need.id)).toThrow(/The audit is finalised/);
  });
});

describe('calibration sessions', () => {
  it("shows an agreed interpretation as guidance only from the session's date on", async () => {
    const { core } = await audit();
    const first = createCalibrationSession(core, {
      heldOn: '2026-03-10',
      auditors: ['Ana'],
      releaseTeam: ['Ben', 'Carla'],
      interpretations: [{ controlId: 'RA-PRE-01', interpretation: 'An e-mail approval counts when the CAB chair sends it.' }],
    });
    expect(first.controlIds).toEqual(['RA-PRE-01']);
    createCalibrationSession(core, { heldOn: '2026-06-01', interpretations: [{ controlId: 'RA-PRE-01', interpretation: 'Only the CAB tool counts.' }] });
    expect(guidanceOf(core, 'RA-PRE-01', '2026-03-09')).toEqual([]);
    expect(guidanceOf(core, 'RA-PRE-01', '2026-03-10').map((g) => g.interpretation)).toEqual(['An e-mail approval counts when the CAB chair sends it.']);
    expect(guidanceOf(core, 'RA-PRE-01', '2026-05-31T23:59:00.000Z').map((g) => g.heldOn)).toEqual(['2026-03-10']);
    expect(guidanceOf(core, 'RA-PRE-01', '2026-06-01').map((g) => g.heldOn)).toEqual(['2026-06-01', '2026-03-10']);
    expect(guidanceOf(core, 'RA-RFC-01', '2027-01-01')).toEqual([]);
    // Moving the session later moves where its guidance starts.
    saveCalibrationSession(core, { id: first.id, heldOn: '2026-04-01' });
    expect(guidanceOf(core, 'RA-PRE-01', '2026-03-10')).toEqual([]);
  });

  it('refuses bad input through the API in plain words, writing nothing', async () => {
    const { core, late } = await audit();
    const notRole = fc.string().filter((s) => !['release-engineer', 'change-manager', 'cab-member', 'developer', 'operations', 'other'].includes(s));
    const notControl = fc.string().filter((s) => !/^RA-[A-Z]+-\d\d$/.test(s));
    await expectAllRefused(
      core,
        fc.oneof(
          notRole.map((role) => ({ method: 'training.tagNeed' as const, input: { findingId: late.id, role } })),
          fc.string({ minLength: 4001, maxLength: 4100 }).map((note) => ({ method: 'training.tagNeed' as const, input: { findingId: late.id, role: 'developer', note } })),
          notControl.map((controlId) => ({ method: 'training.createSession' as const, input: { heldOn: '2026-03-10', interpretations: [{ controlId, interpretation: 'x' }] } })),
          fc.oneof(fc.constant('2026-02-30'), fc.constant('1999-12-31'), fc.string()).map((heldOn) => ({ method: 'training.createSession' as const, input: { heldOn } })),
          fc.constant({ method: 'training.createSession' as const, input: { heldOn: '2026-03-10', interpretations: [{ controlId: 'RA-PRE-01', interpretation: '  ' }] } }),
          fc.constant({
            method: 'training.createSession' as const,
            input: { heldOn: '2026-03-10', interpretations: [{ controlId: 'RA-PRE-01', interpretation: 'a' }, { controlId: 'RA-PRE-01', interpretation: 'b' }] },
          }),
          fc.constant({ method: 'training.createSession' as const, input: { heldOn: '2026-03-10', interpretations: [{ controlId: 'RA-ZZZ-99', interpretation: 'Not in the library' }] } }),
          notControl.map((controlId) => ({ method: 'training.guidance' as const, input: { controlId } })),
        ),
    );
  });
});
