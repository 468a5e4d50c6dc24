import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical';

// canonicalJson serialises a value already in canonical order as it is: the text must be exactly what
// sorting every object's keys first gives (the hash of every ledger entry depends on it).

function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) sorted[key] = sortedCopy(item);
    }
    return sorted;
  }
  return value;
}
const reference = (value: unknown) => JSON.stringify(sortedCopy(value));

describe('canonicalJson', () => {
  it('gives the sorted text for any JSON value, in canonical order or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
        // What the ledger stores, read back: already in canonical order.
        const stored = JSON.parse(reference(value)) as unknown;
        expect(canonicalJson(stored)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys that are enumerated out of order, integer-like keys included', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: undefined } })).toBe('{"a":{"d":[{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson({ 10: 'ten', 9: 'nine', a: 1 })).toBe(reference({ 10: 'ten', 9: 'nine', a: 1 }));
    expect(canonicalJson({ 1: 'one', a: 1, '-1': 2 })).toBe(reference({ 1: 'one', a: 1, '-1': 2 }));
  });

  it('treats what is not a plain object or array as before', () => {
    const date = new Date(0);
    for (const value of [date, { at: date }, [date], Buffer.from('ab'), { n: new Number(1) }, Object.create({ inherited: 1 }) as object, Object.assign(Object.create(null) as object, { b: 1, a: 2 })]) {
      expect(canonicalJson(value)).toBe(reference(value));
    }
    const own = JSON.parse('{"__proto__":{"a":1},"b":2}') as unknown;
    expect(canonicalJson(own)).toBe(reference(own));
  });

  it('hashes text as UTF-8, as a Hash object does', () => {
    for (const text of ['', 'plain', 'héllo — ✓ 𝄞', '\u0000\uffff']) expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});
