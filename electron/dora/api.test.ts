import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';
import { createHandlers } from '../api/handlers';
import { dispatch } from '../api/dispatch';
import { createAudit } from '../audits/service';
import { createRelease } from '../releases/service';

// dora.keys through the one entry every transport calls: bad input refused in words, nothing computed.

function setup() {
  const core = testCore();
  const audit = createAudit(core, { name: 'Payments', description: '' });
  createRelease(core, { auditId: audit.id, identifier: 'PAY-1', system: 'payments', windowEnd: '2026-09-01T10:00:00.000Z' });
  return { core, audit, handlers: createHandlers(core) };
}

describe('dora.keys', () => {
  it('refuses bad input in plain words', async () => {
    const { handlers } = setup();
    const refused = async (input: unknown) => {
      const result = await dispatch(handlers, 'dora.keys', input);
      expect(result.ok).toBe(false);
      return result.ok ? null : result.error;
    };
    expect(await refused({ period: 'week' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('period must be one of month, quarter, cycle') });
    expect(await refused({ auditId: 'not-an-id' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('must be a record identifier') });
    expect(await refused({ from: '2026-13-01' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('must be a date like 2026-01-31') });
    expect(await refused({ from: '2026-10-01', to: '2026-09-01' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('from must be on or before to') });
    expect(await refused({ extra: 1 })).toMatchObject({ code: 'VALIDATION' });
    expect(await refused({ auditId: '01890a5d-ac96-774b-bcce-b302099a8057' })).toMatchObject({ code: 'NOT_FOUND', message: 'There is no audit with the id 01890a5d-ac96-774b-bcce-b302099a8057.' });
    expect(await refused({ system: 'billing' })).toMatchObject({ code: 'NOT_FOUND', message: 'No release names the system "billing".' });
    expect(await refused({ period: 'month', from: '2000-01-01', to: '2199-12-31' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('choose from and to dates 300 periods apart at most') });
  });

  it('answers within the contract, with the benchmark named and each key defined', async () => {
    const { handlers, audit } = setup();
    const result = await dispatch(handlers, 'dora.keys', { auditId: audit.id, period: 'quarter' });
    expect(result).toMatchObject({ ok: true, value: { benchmark: { year: 2023 }, failureWindowDays: 7 } });
    if (!result.ok) return;
    const value = result.value as { keys: Array<{ key: string; value: number | null; basis: number; definition: string }>; periods: Array<{ label: string }> };
    // One deployment, on 2026-09-01: a span of at least 7 days, so 1 a week; nothing else to compute.
    expect(value.keys.map((k) => [k.key, k.value, k.basis])).toEqual([
      ['deployment-frequency', 1, 1],
      ['lead-time', null, 0],
      ['change-failure-rate', 0, 1],
      ['recovery-time', null, 0],
    ]);
    expect(value.keys.every((k) => k.definition.length > 40)).toBe(true);
    expect(value.periods.map((p) => p.label)).toEqual(['2026-Q3']);
  });
});
