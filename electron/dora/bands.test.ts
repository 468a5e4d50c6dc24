import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { doraKeyIds, type DoraKeyId, type DoraLevel } from '../../shared/api/dora';
import { bandOf, doraBands } from './bands';
import { isProduction } from './release-signals';

// The 2023 levels read as ranges: each boundary belongs to the band that starts there, and a hair
// below it to the band beneath. Units: deployments a week, hours, percent.

const cases: Array<[DoraKeyId, number, DoraLevel, DoraLevel]> = [
  // [key, boundary, level at the boundary, level just below it]
  ['deployment-frequency', 7, 'elite', 'high'], // once per day = 7 a week
  ['deployment-frequency', 1, 'high', 'medium'], // once per week
  ['deployment-frequency', 7 / 30, 'medium', 'low'], // once per month of 30 days = 0.2333 a week
  ['lead-time', 24, 'high', 'elite'], // one day
  ['lead-time', 168, 'medium', 'high'], // one week = 7 × 24 h
  ['lead-time', 720, 'low', 'medium'], // one month = 30 × 24 h
  ['change-failure-rate', 7.5, 'high', 'elite'], // halfway between 5 % and 10 %
  ['change-failure-rate', 12.5, 'medium', 'high'], // halfway between 10 % and 15 %
  ['change-failure-rate', 39.5, 'low', 'medium'], // halfway between 15 % and 64 %
  ['recovery-time', 1, 'high', 'elite'], // one hour
  ['recovery-time', 24, 'medium', 'high'], // one day
  ['recovery-time', 168, 'low', 'medium'], // one week
];

describe('the DORA 2023 performance levels', () => {
  it.each(cases)('%s at %d is %s, just below it %s', (key, boundary, at, below) => {
    expect(bandOf(key, boundary)?.level).toBe(at);
    expect(bandOf(key, boundary - 1e-9)?.level).toBe(below);
  });

  it('keeps the typical rates of the report in their own level, and the ends open', () => {
    expect([5, 10, 15, 64].map((rate) => bandOf('change-failure-rate', rate)?.level)).toEqual(['elite', 'high', 'medium', 'low']);
    expect(bandOf('change-failure-rate', 100)?.level).toBe('low');
    expect(bandOf('deployment-frequency', 0)?.level).toBe('low');
    expect(bandOf('deployment-frequency', 500)?.level).toBe('elite');
    expect(bandOf('lead-time', 0)?.level).toBe('elite');
    expect(bandOf('recovery-time', 24 * 365)?.level).toBe('low');
    expect(bandOf('lead-time', null)).toBeNull();
  });

  it('puts every value from zero up in exactly one level', () => {
    fc.assert(
      fc.property(fc.constantFrom(...doraKeyIds), fc.double({ min: 0, max: 1e6, noNaN: true }), (key, value) => {
        const holding = doraBands[key].filter((b) => (b.from === undefined || value >= b.from) && (b.to === undefined || value < b.to));
        expect(holding).toHaveLength(1);
        expect(bandOf(key, value)).toBe(holding[0]);
      }),
    );
  });
});

describe('what counts as a production environment', () => {
  it('takes prod, production, prd and live as whole words, or no environment named, and not pre-prod or staging', () => {
    const production = (environments: string[]) => isProduction({ environments });
    expect([['production'], ['PROD-eu'], ['prd'], ['Live'], [], ['staging', 'prod']].map(production)).toEqual([true, true, true, true, true, true]);
    expect([['staging'], ['pre-prod'], ['non-prod'], ['preprod'], ['products-test'], ['uat']].map(production)).toEqual([false, false, false, false, false, false]);
  });
});
