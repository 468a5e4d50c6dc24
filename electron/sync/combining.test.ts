import { describe, expect, it } from 'vitest';
import { allRecordKinds } from '../registry/registry';
import { testCore } from '../../tests/helpers/temp';
import { combiningHandlers } from './combine';

// "Keep both" saves through the domain handlers below sync (never the whole API above it): every
// record kind that declares a `combine` method must find it among them.

describe('keeping two lists', () => {
  it("finds the method every record kind's descriptor names for it among the domain handlers sync calls", () => {
    const core = testCore();
    try {
      const served = combiningHandlers(core);
      const named = allRecordKinds().flatMap((kind) => (kind.combine ? [[kind.entity, kind.combine.method] as const] : []));
      expect(named.length).toBeGreaterThanOrEqual(3);
      for (const [entity, method] of named) expect(Object.hasOwn(served, method), `${entity} saves through ${method}`).toBe(true);
    } finally {
      core.close();
    }
  });
});
