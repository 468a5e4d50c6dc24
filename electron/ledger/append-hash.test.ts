import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryHash, hashForAppend, type LedgerEntry } from './ledger';

// An append hashes the fields it has already encoded for storage; the hash must be the one verify
// and import recompute from the stored entry, for any fields and clocks.

const entry = fc.record({
  deviceId: fc.string(),
  seq: fc.nat(),
  hlc: fc.string(),
  actor: fc.string(),
  entity: fc.string(),
  entityId: fc.string(),
  op: fc.constantFrom('insert', 'update', 'delete') as fc.Arbitrary<LedgerEntry['op']>,
  fields: fc.dictionary(fc.string(), fc.jsonValue()),
  prevClocks: fc.dictionary(fc.string(), fc.option(fc.string(), { nil: null })),
  prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
});

describe('the hash of an append', () => {
  it('is entryHash of the entry, whatever its fields, keys and text', () => {
    fc.assert(
      fc.property(entry, (unsigned) => {
        expect(hashForAppend(unsigned).hash).toBe(entryHash(unsigned));
      }),
      { numRuns: 500 },
    );
  });
});
