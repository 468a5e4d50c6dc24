import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';

// The KPI methods through the dispatcher every transport uses: bad input gets a plain, typed refusal.

describe('the KPI methods', () => {
  it('answer an empty folder with nothing counted, and refuse bad input in plain words', async () => {
    const core = testCore();
    const handlers = createHandlers(core);
    const empty = await dispatch(handlers, 'kpis.summary', { scope: { kind: 'all' }, period: 'quarter', key: null });
    expect(empty.ok).toBe(true);
    if (empty.ok) expect((empty.value as { rows: Array<{ value: number | null; denominator: number }> }).rows.every((r) => r.value === null && r.denominator === 0)).toBe(true);
    const week = await dispatch(handlers, 'kpis.summary', { period: 'week' });
    expect(week).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!week.ok) expect(week.error.message).toContain('Period must be one of month, quarter, cycle');
    const unknown = await dispatch(handlers, 'kpis.summary', { scope: { kind: 'release', releaseId: '01900000-0000-7000-8000-000000000000' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const emergency = await dispatch(handlers, 'kpis.emergency', {});
    expect(emergency).toMatchObject({ ok: true, value: { emergency: 0, releases: 0, causes: [] } });
  });
});
