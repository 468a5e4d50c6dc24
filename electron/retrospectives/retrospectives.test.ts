import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAudit, finaliseAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { verifyRecords } from '../ledger/verify-records';
import { createRelease } from '../releases/service';
import { conclude } from '../../tests/helpers/conclude';
import { expectAllRefused } from '../../tests/helpers/refused-input';
import { testCore } from '../../tests/helpers/temp';
import { addAction, createRetrospective, retrospectiveView, saveAction, saveRetrospective } from './service';

// Retrospectives on a real database seeded with three audit cycles of one system: actions carry over
// until done, are closed in a later cycle, and a finalised cycle refuses every change to its own.

function cycles() {
  const core = testCore();
  const audits = ['Payments 2026 Q1', 'Payments 2026 Q2', 'Payments 2026 Q3'].map((name) => {
    const audit = createAudit(core, { name, description: '' });
    createRelease(core, { auditId: audit.id, identifier: `${name} release`, system: 'Payments' });
    return audit;
  });
  return { core, audits: audits as [(typeof audits)[0], (typeof audits)[0], (typeof audits)[0]] };
}

describe('retrospectives', () => {
  it('keeps participants, what went well and badly, and the findings fed into it', () => {
    const { core, audits } = cycles();
    const finding = createFinding(core, { auditId: audits[0].id, title: 'Backout plan untested' });
    const retro = createRetrospective(core, { auditId: audits[0].id, title: 'Q1 cycle', participants: [{ name: 'Ana', role: 'Release manager' }] });
    const saved = saveRetrospective(core, { id: retro.id, wentWell: 'Cut-over on time', wentBadly: 'Backout never rehearsed', findingIds: [finding.id], heldOn: '2026-04-02' });
    expect(saved).toMatchObject({ participants: [{ name: 'Ana', role: 'Release manager' }], wentWell: 'Cut-over on time', wentBadly: 'Backout never rehearsed', findingIds: [finding.id], heldOn: '2026-04-02' });
    const elsewhere = createFinding(core, { auditId: audits[1].id, title: 'Of another audit' });
    expect(() => saveRetrospective(core, { id: retro.id, findingIds: [elsewhere.id] })).toThrow(/findingIds: there is no finding .* in this audit/);
    expect(verifyRecords(core.sqlite).problems).toEqual([]);
  });

  it('carries an open action over three cycles until a later cycle closes it, and keeps each cycle frozen', () => {
    const { core, audits } = cycles();
    const [q1, q2, q3] = audits;
    const retro = createRetrospective(core, { auditId: q1.id, title: 'Q1 cycle' });
    const rehearse = addAction(core, { auditId: q1.id, retrospectiveId: retro.id, text: 'Rehearse the backout', owner: 'Ana', dueOn: '2026-05-01' });
    const done = addAction(core, { auditId: q1.id, retrospectiveId: retro.id, text: 'Name a CAB deputy', owner: 'Ben' });
    saveAction(core, { id: done.id, auditId: q1.id, status: 'done' });
    conclude(core, q1.id);
    finaliseAudit(core, q1.id);

    // Cycle 2 sees the open action of cycle 1, not the done one; overdue against its due date.
    const second = retrospectiveView(core, q2.id, '2026-06-01');
    expect(second.openEarlier.map((a) => [a.text, a.auditName, a.overdue])).toEqual([['Rehearse the backout', 'Payments 2026 Q1', true]]);
    expect(second.actions).toEqual([]);

    // Progress made in cycle 2 continues the thread there; cycle 1's item is left as it was (frozen).
    const continued = saveAction(core, { id: rehearse.id, auditId: q2.id, status: 'in-progress', owner: 'Carla' });
    expect(continued).toMatchObject({ auditId: q2.id, threadId: rehearse.id, status: 'in-progress', owner: 'Carla', text: 'Rehearse the backout', carriedFrom: { auditId: q1.id, auditName: 'Payments 2026 Q1' } });
    expect(retrospectiveView(core, q1.id).actions.find((a) => a.id === rehearse.id)).toMatchObject({ status: 'open', owner: 'Ana' });
    expect(retrospectiveView(core, q2.id).openEarlier).toEqual([]);
    // The earlier item, now continued, is changed where it was continued, never in its frozen cycle.
    expect(saveAction(core, { id: rehearse.id, auditId: q2.id, dueOn: '2026-09-01' })).toMatchObject({ id: continued.id, dueOn: '2026-09-01' });
    conclude(core, q2.id);
    finaliseAudit(core, q2.id);

    // Cycle 3: still open (in progress in cycle 2), so it carries over again; closed here.
    const third = retrospectiveView(core, q3.id, '2026-08-01');
    expect(third.openEarlier.map((a) => [a.id, a.auditName, a.status, a.overdue])).toEqual([[continued.id, 'Payments 2026 Q2', 'in-progress', false]]);
    expect(() => saveAction(core, { id: rehearse.id, auditId: q3.id, status: 'done' })).toThrow(/continued in a later cycle \(Payments 2026 Q2\); change it there/);
    const closed = saveAction(core, { id: continued.id, auditId: q3.id, status: 'done' });
    expect(closed).toMatchObject({ auditId: q3.id, threadId: rehearse.id, status: 'done', carriedFrom: { auditName: 'Payments 2026 Q1' } });
    expect(retrospectiveView(core, q3.id).openEarlier).toEqual([]);

    // A fourth cycle sees nothing open any more.
    const q4 = createAudit(core, { name: 'Payments 2026 Q4', description: '' });
    expect(retrospectiveView(core, q4.id).openEarlier).toEqual([]);

    // Frozen cycles refuse every change to their own records, in plain words, and keep nothing half-written.
    expect(() => addAction(core, { auditId: q1.id, text: 'Late idea' })).toThrow(/"Payments 2026 Q1" is finalised/);
    expect(() => saveRetrospective(core, { id: retro.id, wentWell: 'Rewritten' })).toThrow(/is finalised/);
    expect(() => saveAction(core, { id: continued.id, auditId: q2.id, status: 'dropped', dropReason: 'No longer needed' })).toThrow(/"Payments 2026 Q2" is finalised/);
    expect(() => createRetrospective(core, { auditId: q2.id, title: 'After the fact' })).toThrow(/is finalised/);
    // Even written past the service, the database refuses it.
    expect(() => core.sqlite.prepare("UPDATE retro_actions SET status = 'done' WHERE id = ?").run(rehearse.id)).toThrow(/The audit is finalised/);
    expect(verifyRecords(core.sqlite).problems).toEqual([]);
  });

  it('refuses a change to an action in its own open cycle once a later cycle has continued it', () => {
    const { core, audits } = cycles();
    const action = addAction(core, { auditId: audits[0].id, text: 'Rehearse the backout' });
    saveAction(core, { id: action.id, auditId: audits[1].id, status: 'in-progress' });
    expect(() => saveAction(core, { id: action.id, auditId: audits[0].id, status: 'done' })).toThrow(/continued in a later cycle \(Payments 2026 Q2\); change it there/);
    expect(retrospectiveView(core, audits[0].id).actions[0]).toMatchObject({ status: 'open' });
  });

  it('only counts audits of the same system as earlier cycles, and a dropped action needs its reason', () => {
    const { core, audits } = cycles();
    addAction(core, { auditId: audits[0].id, text: 'Payments action' });
    const other = createAudit(core, { name: 'Ledger 2026', description: '' });
    createRelease(core, { auditId: other.id, identifier: 'LED-1', system: 'Ledger' });
    expect(retrospectiveView(core, other.id).openEarlier).toEqual([]);
    expect(retrospectiveView(core, audits[2].id).openEarlier.map((a) => a.text)).toEqual(['Payments action']);
    const action = addAction(core, { auditId: audits[0].id, text: 'To drop' });
    expect(() => saveAction(core, { id: action.id, auditId: audits[0].id, status: 'dropped' })).toThrow(/a dropped action needs the reason/);
    expect(saveAction(core, { id: action.id, auditId: audits[0].id, status: 'dropped', dropReason: 'Tool retired' })).toMatchObject({ status: 'dropped' });
    expect(() => saveAction(core, { id: action.id, auditId: other.id, status: 'done' })).toThrow(/not of an earlier cycle/);
  });

  it('refuses bad input through the API in plain words, writing nothing', async () => {
    const { core, audits } = cycles();
    const badText = fc.oneof(fc.constant(''), fc.constant('   '), fc.string({ minLength: 2001, maxLength: 2100 }), fc.constant('a\u202eb'), fc.constant('x\u0000'), fc.integer(), fc.constant(null));
    const badStatus = fc.string().filter((s) => !['open', 'in-progress', 'done', 'dropped'].includes(s));
    const badDate = fc.oneof(fc.constant('2026-13-01'), fc.constant('1970-01-01'), fc.constant('tomorrow'), fc.integer());
    await expectAllRefused(
      core,
        fc.oneof(
          badText.map((text) => ({ method: 'retrospectives.addAction' as const, input: { auditId: audits[0].id, text } })),
          badStatus.map((status) => ({ method: 'retrospectives.addAction' as const, input: { auditId: audits[0].id, text: 'Act', status } })),
          badDate.map((dueOn) => ({ method: 'retrospectives.addAction' as const, input: { auditId: audits[0].id, text: 'Act', dueOn } })),
          fc.constant({ method: 'retrospectives.addAction' as const, input: { auditId: audits[0].id, text: 'Act', status: 'dropped' } }),
          fc.string().map((auditId) => ({ method: 'retrospectives.create' as const, input: { auditId, title: 'T' } })),
          badText.map((name) => ({ method: 'retrospectives.create' as const, input: { auditId: audits[0].id, title: 'T', participants: [{ name }] } })),
          fc.constant({ method: 'retrospectives.create' as const, input: { auditId: audits[0].id, title: 'T', unknownField: 1 } }),
        ),
    );
  });
});
