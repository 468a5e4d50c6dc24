import { describe, expect, it } from 'vitest';
import { formatDate, formatInZone } from './time';

describe('formatDate', () => {
  it('shows a calendar date in the form the times use, and leaves anything else as it is', () => {
    expect(formatDate('2027-01-31')).toBe('31 Jan 2027');
    expect(formatDate('2026-10-01')).toBe('1 Oct 2026');
    expect(formatInZone('2026-10-01T08:00:00.000Z', 'UTC').startsWith(formatDate('2026-10-01'))).toBe(true);
    expect(formatDate('31/01/2027')).toBe('31/01/2027');
  });
});
