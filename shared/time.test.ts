import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatClockInZone, formatInZone, formatVariance, isValidTimeZone, utcToZonedLocal, zonedLocalToUtc } from './time';

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

  it('shows every time in one form with the zone by name, whatever the computer is set to', () => {
    expect(formatInZone('2026-11-20T22:00:00.000Z', 'Europe/Berlin')).toBe('20 Nov 2026, 23:00 Europe/Berlin');
    expect(formatInZone('2026-07-01T08:51:00.000Z', 'Europe/Berlin')).toBe('1 Jul 2026, 10:51 Europe/Berlin');
    expect(formatInZone('2026-11-20T22:00:00.000Z', 'UTC')).toBe('20 Nov 2026, 22:00 UTC');
    expect(formatClockInZone('2026-11-20T08:51:00.000Z', 'Europe/Berlin')).toBe('09:51');
    expect(formatInZone('not a time', 'UTC')).toBe('not a time');
  });

  it('reads a wall-clock time typed in a zone back as the same wall-clock time (outside DST gaps)', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }), fc.constantFrom(...zones), (minute, zone) => {
        const instant = new Date(minute * 60_000).toISOString();
        const local = utcToZonedLocal(instant, zone);
        // The instant typed as that wall clock names the same wall clock again (an autumn hour shown twice may pick its twin).
        expect(utcToZonedLocal(zonedLocalToUtc(local, zone), zone)).toBe(local);
      }),
      { numRuns: 500 },
    );
  });

  it('makes one formatter per zone however many times it formats (a report formats thousands), and still refuses unknown zones', () => {
    const original = Intl.DateTimeFormat;
    let made = 0;
    Intl.DateTimeFormat = new Proxy(original, { construct: (target, args) => ((made += 1), new target(...(args as []))) });
    try {
      const zones = ['Asia/Tokyo', 'Pacific/Auckland'];
      for (let i = 0; i < 1000; i += 1) {
        const zone = zones[i % 2] as string;
        expect(formatInZone(`2026-11-20T${String(i % 24).padStart(2, '0')}:00:00.000Z`, zone)).toMatch(new RegExp(`^\\d+ Nov 2026, \\d\\d:00 ${zone}$`));
      }
      expect(made).toBeLessThanOrEqual(2);
      expect(formatInZone('2026-11-20T22:00:00.000Z', 'Asia/Tokyo')).toBe('21 Nov 2026, 07:00 Asia/Tokyo');
      expect(formatInZone('2026-11-20T22:00:00.000Z', 'Pacific/Auckland')).toBe('21 Nov 2026, 11:00 Pacific/Auckland');
      // An unknown zone is never kept as if it were one: asked again, it is still refused.
      expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
      expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
      expect(formatInZone('2026-11-20T22:00:00.000Z', 'Mars/Olympus_Mons')).toBe('20 Nov 2026, 22:00 UTC');
      // More zones than are kept: each still shows its own wall clock.
      const many = Intl.supportedValuesOf('timeZone').slice(0, 80);
      for (const zone of many) expect(utcToZonedLocal('2026-01-15T12:00:00.000Z', zone)).toBe(new original('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date('2026-01-15T12:00:00.000Z')).replace(' ', 'T'));
    } finally {
      Intl.DateTimeFormat = original;
    }
  });
});
