import fc from 'fast-check';
import { expect } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { createHandlers } from '../../electron/api/handlers';
import type { Core } from '../../electron/services';

/** Every call the arbitrary makes is refused through the API as VALIDATION, in words, and the ledger does not grow. */
export async function expectAllRefused(core: Core, calls: fc.Arbitrary<{ method: string; input: unknown }>, numRuns = 150): Promise<void> {
  const handlers = createHandlers(core);
  const before = core.sqlite.prepare('SELECT count(*) FROM ledger').pluck().get();
  await fc.assert(
    fc.asyncProperty(calls, async ({ method, input }) => {
      const answer = await dispatch(handlers, method, input);
      expect(answer.ok).toBe(false);
      if (!answer.ok) {
        expect(answer.error.code).toBe('VALIDATION');
        expect(answer.error.message).toMatch(/[a-z]{3,}/);
      }
    }),
    { numRuns },
  );
  expect(core.sqlite.prepare('SELECT count(*) FROM ledger').pluck().get()).toBe(before);
}
