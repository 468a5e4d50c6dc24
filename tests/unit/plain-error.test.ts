import { describe, expect, it } from 'vitest';
import { plainError } from '../../renderer/src/components/plainError';

describe('errors named as the screen labels its fields', () => {
  it('replaces paths with labels, rows with their number', () => {
    expect(plainError('Invalid input for releases.update: bypassedControls.1.note: Note must be at most 1000 characters.', { bypassedControls: (i) => `Bypassed control ${i + 1}` })).toBe(
      'Bypassed control 2: Note must be at most 1000 characters',
    );
    expect(plainError('at: an entry cannot be dated in the future.', { at: 'When' })).toBe('When: an entry cannot be dated in the future');
    expect(plainError('observedPercent: Observed % is required', { observedPercent: 'Observed %' })).toBe('Observed % is required');
  });

  it('never shows a raw path or the word UUID, even for fields the screen does not know', () => {
    const text = plainError('Invalid input for warroom.add: body.stepId: must be a record identifier (a UUID).');
    expect(text).not.toMatch(/body\.|UUID|stepId/);
    expect(text).toMatch(/^Step Id|^Step id/i);
  });
});
