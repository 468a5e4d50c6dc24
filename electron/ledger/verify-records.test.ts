import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';
import { sameValue } from './verify-records';

describe('comparing a field with the ledger', () => {
  it('finds two values the same exactly when their canonical JSON is the same', () => {
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom('', 'x', 0, -0, 1, NaN, Infinity, -Infinity, true, false, null, undefined),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameValue(a, b)).toBe(canonicalJson(a ?? null) === canonicalJson(b ?? null));
        expect(sameValue(a, a)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
