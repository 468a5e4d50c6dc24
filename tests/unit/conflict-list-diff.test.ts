import { describe, expect, it } from 'vitest';
import { compareLists, itemText } from '../../renderer/src/screens/sync/list-diff';

describe('list conflicts in words', () => {
  it('marks the items only one side holds, matching objects by content whatever their key order', () => {
    const current = [{ condition: 'P1 open', escalateTo: 'CAB' }, 'rollback'];
    const other = ['rollback', { escalateTo: 'CAB', condition: 'P1 open' }, { condition: 'no backout', escalateTo: 'Risk' }];
    expect(compareLists(current, other)).toEqual({
      current: [
        { text: 'condition: P1 open; escalate to: CAB', only: false },
        { text: 'rollback', only: false },
      ],
      other: [
        { text: 'rollback', only: false },
        { text: 'escalate to: CAB; condition: P1 open', only: false },
        { text: 'condition: no backout; escalate to: Risk', only: true },
      ],
    });
  });

  it('counts repeats, and reads a missing list as empty', () => {
    expect(compareLists(['a', 'a'], ['a'])).toEqual({ current: [{ text: 'a', only: false }, { text: 'a', only: true }], other: [{ text: 'a', only: false }] });
    expect(compareLists(null, ['x'])).toEqual({ current: [], other: [{ text: 'x', only: true }] });
    expect(itemText({ owners: ['Ada', 'Bob'], note: '' })).toBe('owners: [Ada, Bob]');
  });
});
