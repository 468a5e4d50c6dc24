import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { savePlan } from '../plans/service';
import { trendProviders } from '../trends/providers';
import { judgeCriterion, maturityHistory } from './assessment';
import { listModels } from './service';

// Three audit cycles made out of order: the history and the chart follow the audits' periods, and
// each level is the one the hand-worked judgements give.

describe('maturity across audit cycles', () => {
  it('charts nothing, and writes nothing, where no audit was assessed', () => {
    const core = testCore();
    createAudit(core, { name: 'Unassessed', description: '' });
    const entries = () => (core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
    const before = entries();
    expect(trendProviders.flatMap((p) => p.charts(core, { period: 'cycle' })).filter((c) => c.group === 'maturity')).toEqual([]);
    expect(entries()).toBe(before);
  });

  it('orders the cycles by period and charts one series per practice', () => {
    const core = testCore();
    const cobit = listModels(core).find((m) => m.key === 'cobit2019')!;
    const cycle = (name: string, start: string) => {
      const audit = createAudit(core, { name, description: '' });
      savePlan(core, { auditId: audit.id, scheduleStart: start });
      return audit.id;
    };
    const q3 = cycle('Q3 audit', '2026-07-06');
    const q1 = cycle('Q1 audit', '2026-01-12');
    const q2 = cycle('Q2 audit', '2026-04-13');
    const meet = (auditId: string, ids: string[]) => ids.forEach((criterionId) => judgeCriterion(core, { auditId, modelId: cobit.id, criterionId, status: 'met', note: '', evidenceIds: [] }));
    const bai06Level1 = ['bai06-1-log', 'bai06-1-authorise', 'bai06-1-emergency'];
    const bai06Level2 = ['bai06-2-impact', 'bai06-2-track', 'bai06-2-planned'];
    meet(q1, ['bai06-1-log', 'bai06-1-authorise']); // one of level 1 missing: 0
    meet(q2, bai06Level1); // 1
    meet(q3, [...bai06Level1, ...bai06Level2, 'bai07-1-tested', 'bai07-1-accepted', 'bai07-1-fallback']); // BAI06 2, BAI07 1

    const history = maturityHistory(core, cobit.id);
    expect(history.cycles.map((c) => [c.auditName, c.periodStart, c.levels.bai06, c.levels.bai07, c.levels.bai03])).toEqual([
      ['Q1 audit', '2026-01-12', 0, 0, 0],
      ['Q2 audit', '2026-04-13', 1, 0, 0],
      ['Q3 audit', '2026-07-06', 2, 1, 0],
    ]);

    const charts = trendProviders.flatMap((p) => p.charts(core, { period: 'cycle' })).filter((c) => c.group === 'maturity');
    expect(charts.map((c) => c.id)).toEqual(['maturity.cobit2019']);
    const chart = charts[0]!;
    expect(chart).toMatchObject({ unit: 'level', kind: 'line', better: 'higher', categories: ['Q1 audit', 'Q2 audit', 'Q3 audit'] });
    expect(chart.series.map((s) => [s.name, s.values, s.basis])).toEqual([
      ['BAI06 Managed IT changes', [0, 1, 2], [2, 3, 6]],
      ['BAI07 Managed IT change acceptance and transitioning', [0, 0, 1], [0, 0, 3]],
      ['BAI03 Managed solutions identification and build', [0, 0, 0], [0, 0, 0]],
    ]);
    expect(trendProviders.flatMap((p) => p.charts(core, { period: 'quarter' })).find((c) => c.id === 'maturity.cobit2019')!.categories).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    // As of the Q2 audit, the Q3 cycle is not shown yet.
    expect(trendProviders.flatMap((p) => p.charts(core, { period: 'cycle', auditId: q2 })).find((c) => c.id === 'maturity.cobit2019')!.categories).toEqual(['Q1 audit', 'Q2 audit']);
  });
});
