import { describe, expect, it } from 'vitest';
import { formatVariance, utcToZonedLocal, zonedLocalToUtc } from './time';

describe('time zones of deployment windows', () => {
  it('converts a wall-clock time in a zone to UTC and back, across daylight saving', () => {
    expect(zonedLocalToUtc('2026-11-20T23:00', 'Europe/Berlin')).toBe('2026-11-20T22:00:00.000Z');
    expect(zonedLocalToUtc('2026-07-01T23:00', 'Europe/Berlin')).toBe('2026-07-01T21:00:00.000Z');
    expect(zonedLocalToUtc('2026-11-20T09:30', 'America/New_York')).toBe('2026-11-20T14:30:00.000Z');
    expect(utcToZonedLocal('2026-11-20T22:00:00.000Z', 'Europe/Berlin')).toBe('2026-11-20T23:00');
    expect(utcToZonedLocal('2026-11-20T22:00:00.000Z', 'UTC')).toBe('2026-11-20T22:00');
  });

  it('says variance in plain words', () => {
    expect(formatVariance(0)).toBe('on time');
    expect(formatVariance(5)).toBe('+5 min');
    expect(formatVariance(-3)).toBe('−3 min');
    expect(formatVariance(null)).toBe('—');
    expect(formatVariance(75)).toBe('+1 h 15 min');
    expect(formatVariance(-7870)).toBe('−5 d 11 h');
  });
});
