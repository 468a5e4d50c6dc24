import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryBody, entryDefaults, validateEntry } from '../../renderer/src/screens/fieldwork/warroomEntry';

const policy = { halt: 2, rto: 30 };
const now = Date.parse('2026-11-20T09:00:00.000Z');

describe('war-room forms refuse what would put something false in the log', () => {
  it('never lets a blank or non-numeric observed value through as 0', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom('', ' ', '\t', 'abc', '1,5', '-1', '101', 'NaN', 'Infinity'), fc.string().filter((s) => s.trim() === '' || !Number.isFinite(Number(s)))), (observed) => {
        const fields = { ...entryDefaults('halt-check', policy), observedPercent: observed };
        expect(validateEntry('halt-check', fields, null, now, 'Europe/Berlin').observedPercent).toMatch(/Observed %/);
      }),
    );
    const fine = { ...entryDefaults('halt-check', policy), observedPercent: '0' };
    expect(validateEntry('halt-check', fine, null, now, 'Europe/Berlin')).toEqual({});
    expect(entryBody('halt-check', fine)).toMatchObject({ observedPercent: 0, thresholdPercent: 2, decision: 'continue' });
  });

  it('asks for the text, node, reason or approver each form needs', () => {
    expect(validateEntry('note', entryDefaults('note', policy), null, now, 'UTC')).toEqual({ text: 'Text is empty: write what happened.' });
    expect(validateEntry('node-status', entryDefaults('node-status', policy), null, now, 'UTC')).toEqual({ node: 'Node or service is empty: name the node or service.' });
    expect(validateEntry('correction', { correctsId: 'x', reason: '  ', void: 'false' }, null, now, 'UTC')).toHaveProperty('reason');
    expect(validateEntry('change-approved', { changeEntryId: 'x', approvedBy: '' }, null, now, 'UTC')).toHaveProperty('approvedBy');
    expect(validateEntry('rollback-finished', { outcome: 'recovered', rtoTargetMinutes: '0' }, null, now, 'UTC')).toHaveProperty('rtoTargetMinutes');
  });

  it('refuses a time still to come in the zone shown, naming both clocks there', () => {
    const errors = validateEntry('note', { text: 'x' }, '2026-11-20T10:00:00.000Z', now, 'Europe/Berlin');
    expect(errors.at).toBe('11:00 Europe/Berlin has not come yet (it is 10:00 there now).');
    expect(validateEntry('note', { text: 'x' }, '2026-11-20T08:51:00.000Z', now, 'Europe/Berlin')).toEqual({});
  });
});
