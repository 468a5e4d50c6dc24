import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entityNames } from '../ledger/entities';
import { FullEntry, wellFormedFullEntry } from './format';

// The hand check of a bundle's full entries must give exactly the schema's data (key order included)
// for every entry it takes, and leave to the schema every entry the schema refuses.

const hlc = fc.tuple(fc.stringMatching(/^\d{15}$/), fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/)).map((parts) => parts.join('-'));
const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
const key = fc.oneof({ arbitrary: fc.string({ maxLength: 4 }), weight: 6 }, fc.constantFrom('__proto__', 'x'.repeat(100), 'x'.repeat(101), '10', '9', 'constructor'));
// Mostly valid, so that most entries reach the hand check's end; each part now and then wrong.
const mostly = <T, U>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: wrong, weight: 1 });
const entry = fc.record({
  deviceId: mostly(fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/), fc.string({ maxLength: 3 })),
  seq: mostly(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, '1')),
  hlc: mostly(hlc, fc.string({ maxLength: 3 })),
  actor: mostly(fc.string({ maxLength: 5 }), fc.constantFrom('a'.repeat(201), 1)),
  entity: mostly(fc.constantFrom(...entityNames), fc.constantFrom('nothing', '__proto__')),
  entityId: mostly(fc.string({ minLength: 1, maxLength: 5 }), fc.constantFrom('', 'i'.repeat(100), 'i'.repeat(101))),
  op: fc.constantFrom('insert', 'update', 'delete', 'merge'),
  fields: mostly(fc.dictionary(key, fc.jsonValue(), { maxKeys: 4 }), fc.constantFrom(null, [], 'x')),
  prevClocks: mostly(fc.dictionary(key, mostly(fc.oneof(hlc, fc.constant(null)), fc.constant('soon')), { maxKeys: 3 }), fc.constant([])),
  prevHash: mostly(hex, fc.constant('A'.repeat(64))),
  hash: hex,
});

const keysDeep = (value: unknown): unknown =>
  value !== null && typeof value === 'object' ? (Array.isArray(value) ? value.map(keysDeep) : Object.entries(value).map(([k, v]) => [k, keysDeep(v)])) : value;

describe('the hand check of full entries', () => {
  it('takes only what the schema takes, and gives exactly its data', () => {
    let taken = 0;
    fc.assert(
      fc.property(entry, fc.option(fc.constantFrom('extra', 'stub', 'drop'), { nil: undefined }), (value, change) => {
        // Through JSON, as entries arrive (an own __proto__ key stays an own key).
        const text = JSON.stringify(value);
        const json = JSON.parse(change === 'extra' ? text.replace(/^\{/, '{"extra":1,') : change === 'drop' ? text.replace(/"hash":"[0-9a-f]+"/, '"hash2":1') : text) as unknown;
        const fast = wellFormedFullEntry(json);
        const schema = FullEntry.safeParse(json);
        if (fast === null) return;
        taken += 1;
        expect(schema.success).toBe(true);
        expect(keysDeep(fast)).toEqual(keysDeep(schema.data));
        expect(Object.is((fast.fields as Record<string, unknown>).a, (schema.data?.fields as Record<string, unknown>).a)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(300);
  });

  it('takes a well-formed entry', () => {
    const json = { deviceId: 'dev-1', seq: 2, hlc: '000000000000001-000001-dev-1', actor: 'Ann', entity: 'findings', entityId: 'f1', op: 'update', fields: { b: { y: 1, x: -0 }, a: 1 }, prevClocks: { a: null }, prevHash: '0'.repeat(64), hash: 'f'.repeat(64) };
    const parsed = JSON.parse(JSON.stringify(json)) as unknown;
    const fast = wellFormedFullEntry(parsed);
    expect(fast).not.toBeNull();
    expect(keysDeep(fast)).toEqual(keysDeep(FullEntry.parse(parsed)));
  });
});
