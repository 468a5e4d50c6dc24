import { describe, expect, it } from 'vitest';
import { canCombine, combineLists } from './combine';

describe('keeping both lists', () => {
  it('adds what the other list holds, keeping the current version of an item both hold', () => {
    const current = [{ text: 'Add cache restart to runbook', owner: 'Dana', done: false }];
    const other = [
      { text: 'Add cache restart to runbook', owner: 'Dana', done: true },
      { text: 'Rehearse the backout', owner: 'Eli', done: false },
    ];
    expect(combineLists('interviews', 'followUps', current, other)).toEqual([current[0], other[1]]);
    // Keyed items (regulations, access requests, escalation rules) are matched by id or key, so the
    // plan never holds one twice.
    const drivers = combineLists('audit_plans', 'regulatoryDrivers', [{ id: 'SOX', name: 'SOX ITGC', adds: 'SoD' }], [{ id: 'SOX', name: 'SOX', adds: '' }, { id: 'GDPR', name: 'GDPR', adds: '' }]);
    expect(drivers.map((d) => (d as { id: string }).id)).toEqual(['SOX', 'GDPR']);
    expect(combineLists('releases', 'services', ['payments'], ['payments', 'ledger-api'])).toEqual(['payments', 'ledger-api']);
  });

  it('keeps both answers to one interview question, and never drops one that merely looks alike', () => {
    const merged = combineLists('interviews', 'questions', [{ text: 'Rolled back?', answer: 'Not yet' }, { text: 'Who decided?', answer: '' }], [
      { text: 'Rolled back?', answer: 'No' },
      { text: 'Who decided?', answer: 'The CAB chair' },
      { text: 'Anything missing?', answer: 'The runbook' },
    ]);
    expect(merged).toEqual([
      { text: 'Rolled back?', answer: 'Not yet\n\nNo' },
      { text: 'Who decided?', answer: 'The CAB chair' },
      { text: 'Anything missing?', answer: 'The runbook' },
    ]);
    expect(combineLists('interviews', 'questions', [{ text: 'Q', answer: 'A\n\nB' }], [{ text: 'Q', answer: 'B' }])).toEqual([{ text: 'Q', answer: 'A\n\nB' }]);
  });

  it('is offered only for lists of records it can save, when the other list adds something', () => {
    expect(canCombine('audit_plans', 'vendorTeams', ['Ops'], ['Card processor'])).toBe(true);
    expect(canCombine('audit_plans', 'vendorTeams', ['Ops', 'Card processor'], ['Ops'])).toBe(false);
    expect(canCombine('findings', 'title', 'a', 'b')).toBe(false);
    expect(canCombine('controls', 'evidenceExpected', ['a'], ['b'])).toBe(false);
  });
});
