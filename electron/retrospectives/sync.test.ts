import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { openFinding } from '../../tests/helpers/open-finding';
import { verifyRecords } from '../ledger/verify-records';
import { createRelease } from '../releases/service';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { createCalibrationSession, guidanceOf, saveTrainingNeed, tagTrainingNeed } from '../training/service';
import { addAction, createRetrospective, retrospectiveView, saveAction } from './service';

// The new kinds travel like every other: retrospectives, action items (with their threads across
// cycles), training needs and calibration sessions, from one data folder to another and back.

const tables = ['retrospectives', 'retro_actions', 'training_needs', 'calibration_sessions'];

describe('retrospective and training records between two data folders', () => {
  it('merge both ways, threads and guidance included', async () => {
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    const q1 = createAudit(alice, { name: 'Payments Q1', description: '' });
    const q2 = createAudit(alice, { name: 'Payments Q2', description: '' });
    for (const audit of [q1, q2]) createRelease(alice, { auditId: audit.id, identifier: `${audit.name} 1`, system: 'Payments' });
    const finding = await openFinding(alice, { auditId: q1.id, title: 'Late CAB approval', controlId: 'RA-PRE-01' });
    const retro = createRetrospective(alice, { auditId: q1.id, title: 'Q1 cycle', participants: [{ name: 'Ana', role: 'Auditor' }], findingIds: [finding.id] });
    const action = addAction(alice, { auditId: q1.id, retrospectiveId: retro.id, text: 'Rehearse the backout', owner: 'Ana' });
    const need = tagTrainingNeed(alice, { findingId: finding.id, role: 'cab-member', note: 'Approval timing' });
    createCalibrationSession(alice, { heldOn: '2026-03-10', auditors: ['Ana'], releaseTeam: ['Ben'], interpretations: [{ controlId: 'RA-PRE-01', interpretation: 'Approval by e-mail counts.' }] });

    await exchange(alice, bob, q1.id);
    await exchange(alice, bob, q2.id);
    expect(recordsOf(bob, tables)).toEqual(recordsOf(alice, tables));
    expect(guidanceOf(bob, 'RA-PRE-01', '2026-04-01').map((g) => g.interpretation)).toEqual(['Approval by e-mail counts.']);
    expect(retrospectiveView(bob, q2.id).openEarlier.map((a) => a.id)).toEqual([action.id]);

    // Bob closes the action in the second cycle and schedules the training; Alice receives both.
    const closed = saveAction(bob, { id: action.id, auditId: q2.id, status: 'done' });
    saveTrainingNeed(bob, { id: need.id, status: 'scheduled', plannedOn: '2026-05-10' });
    await exchange(bob, alice, q2.id);
    await exchange(bob, alice, q1.id);
    expect(recordsOf(alice, tables)).toEqual(recordsOf(bob, tables));
    expect(retrospectiveView(alice, q2.id).actions.map((a) => [a.id, a.threadId, a.status])).toEqual([[closed.id, action.id, 'done']]);
    expect(verifyRecords(alice.sqlite).problems).toEqual([]);
    expect(verifyRecords(bob.sqlite).problems).toEqual([]);
  });
});
