import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/api/contract';
import type { TrendChart } from '../../shared/api/trends';
import { testCore } from '../../tests/helpers/temp';
import { createHandlers } from '../api/handlers';
import { dispatch } from '../api/dispatch';
import { trendCharts, trendCsv } from './service';

// The Trends contract: bad queries refused at the boundary with a sentence, a provider that fails
// named with its reason while the others still answer, one chart's numbers as CSV.

/** The answer of one call through the dispatcher every transport uses; a refusal thrown as the client would. */
async function call(handlers: ReturnType<typeof createHandlers>, method: string, input: unknown): Promise<unknown> {
  const result = await dispatch(handlers, method, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value;
}

const good: TrendChart = { id: 'ok.chart', group: 'ok', title: 'OK', definition: 'A chart that works.', unit: 'count', kind: 'bar', categories: ['2026-01'], series: [{ name: 'n', values: [3], basis: [3] }] };

describe('trends.charts', () => {
  it('refuses a bad query in plain words', async () => {
    const core = testCore();
    const handlers = createHandlers(core);
    const bad: Array<[unknown, RegExp]> = [
      [{}, /period/],
      [{ period: 'week' }, /period.*must be one of month, quarter, cycle/],
      [{ period: 'month', auditId: 'not-an-id' }, /auditId.*UUID/],
      [{ period: 'month', from: '2026-02-30' }, /from.*date like/],
      [{ period: 'month', from: '2026-05-01', to: '2026-04-01' }, /from must not be after to/],
      [{ period: 'month', system: '' }, /system must not be empty/],
      [{ period: 'month', extra: 1 }, /extra/],
    ];
    for (const [input, message] of bad) {
      await expect(call(handlers, 'trends.charts', input)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(message) });
    }
    await expect(call(handlers, 'trends.charts', { period: 'month', auditId: '0190a5c8-1c2b-7d3e-8f40-123456789abc' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const answer = await call(handlers, 'trends.charts', { period: 'quarter' });
    expect(contract['trends.charts'].output.parse(answer)).toMatchObject({ failures: [] });
  });

  it('names a provider that fails or answers a malformed chart, and still answers the others', () => {
    const core = testCore();
    const result = trendCharts(core, { period: 'month' }, [
      { id: 'broken', charts: () => { throw new Error('the table is missing'); } },
      { id: 'good', charts: () => [good] },
      { id: 'misshapen', charts: () => [{ ...good, id: 'bad.lengths', series: [{ name: 'n', values: [1, 2], basis: [1] }] }] },
      { id: 'nan', charts: () => [{ ...good, id: 'bad.nan', series: [{ name: 'n', values: [Number.NaN], basis: [1] }] }] },
      { id: 'twice', charts: () => [good] },
    ]);
    expect(result.charts.map((c) => c.id)).toEqual(['ok.chart']);
    expect(result.failures).toEqual([
      { provider: 'broken', message: 'The broken charts could not be computed: the table is missing' },
      { provider: 'misshapen', message: expect.stringContaining('do not match its 1 categories') },
      { provider: 'nan', message: expect.stringContaining('bad.nan is malformed: series.0.values.0') },
      { provider: 'twice', message: expect.stringContaining('ok.chart is already used') },
    ]);
  });
});

describe('trends.csv', () => {
  it("gives one chart's numbers, and says when there is no such chart", async () => {
    const core = testCore();
    expect(trendCsv(core, { period: 'month' }, 'ok.chart', [{ id: 'good', charts: () => [good] }])).toEqual({ fileName: 'ok.chart-month-all.csv', text: 'Period,n (count),n basis\r\n2026-01,3,3\r\n' });
    const handlers = createHandlers(core);
    await expect(call(handlers, 'trends.csv', { query: { period: 'month' }, chartId: 'no.such' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No chart no.such for this query.' });
    await expect(call(handlers, 'trends.csv', { query: { period: 'day' }, chartId: 'findings.raised' })).rejects.toMatchObject({ code: 'VALIDATION' });
    const csv = (await call(handlers, 'trends.csv', { query: { period: 'cycle' }, chartId: 'findings.open' })) as { text: string };
    expect(csv.text).toBe('Period,Open findings (count),Open findings basis\r\n');
  });
});
