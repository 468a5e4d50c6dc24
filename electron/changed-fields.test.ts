import { describe, expect, it } from 'vitest';
import { changedFields } from './changed-fields';

describe('changedFields', () => {
  it('keeps only the fields given whose value differs, lists and objects by content', () => {
    const current = { title: 'Backout untested', tags: ['ops'], window: { from: '09:00' }, owner: null as string | null };
    expect(changedFields({ title: 'Backout untested', tags: ['ops'], window: { from: '09:00' }, owner: undefined }, current)).toEqual({});
    expect(changedFields({ title: 'Backout never rehearsed', tags: ['ops', 'dba'], owner: null }, current)).toEqual({ title: 'Backout never rehearsed', tags: ['ops', 'dba'] });
    expect(changedFields({ owner: 'Ada' }, current)).toEqual({ owner: 'Ada' });
  });
});
