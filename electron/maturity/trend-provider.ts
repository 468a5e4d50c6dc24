import type { TrendChart, TrendQuery } from '../../shared/api/trends';
import type { Core } from '../services';
import { maturityHistory } from './assessment';
import { modelRow } from './service';

// The maturity charts of the improvement loop: for each model assessed, one series per practice
// giving its level in each audit cycle (or, by month or quarter, the level of the last audit whose
// period starts in it), with how many criteria each level rests on.

export const maturityTrendProvider = {
  id: 'maturity',
  charts(core: Core, query: TrendQuery): TrendChart[] {
    const charts: TrendChart[] = [];
    // Only models some audit assessed, read as stored (a provider writes nothing, not even the shipped models).
    const assessed = core.sqlite.prepare('SELECT DISTINCT m.id FROM maturity_models m JOIN maturity_assessments a ON a.model_id = m.id ORDER BY m.name').all() as Array<{ id: string }>;
    for (const { id } of assessed) {
      const model = modelRow(core, id);
      const history = maturityHistory(core, id);
      let cycles = history.cycles.filter((c) => (!query.from || c.periodStart >= query.from) && (!query.to || c.periodStart <= query.to));
      if (query.auditId) {
        const upTo = cycles.findIndex((c) => c.auditId === query.auditId);
        cycles = upTo === -1 ? [] : cycles.slice(0, upTo + 1);
      }
      if (cycles.length === 0) continue;
      // One column per period; a later audit in the same period replaces an earlier one.
      const columns = new Map<string, (typeof cycles)[number]>();
      for (const cycle of cycles) columns.set(categoryOf(cycle, query.period), cycle);
      charts.push({
        id: `maturity.${model.key}`,
        group: 'maturity',
        title: `${history.modelName}: level per practice`,
        definition: `The capability level of each practice in each audit cycle: the highest level whose criteria, and those of every level below it, the auditor judged met (level ${floorOf(model.draft)} is the floor, reached with nothing met). A criterion not assessed counts as not met. The basis is the number of criteria judged.`,
        unit: 'level',
        kind: 'line',
        categories: [...columns.keys()],
        series: history.practices.map((p) => ({
          name: p.name,
          values: [...columns.values()].map((c) => c.levels[p.id] ?? null),
          basis: [...columns.values()].map((c) => c.judged[p.id] ?? 0),
        })),
        better: 'higher',
      });
    }
    return charts;
  },
};

function categoryOf(cycle: { auditName: string; periodStart: string }, period: TrendQuery['period']): string {
  if (period === 'month') return cycle.periodStart.slice(0, 7);
  if (period === 'quarter') return `${cycle.periodStart.slice(0, 4)}-Q${Math.floor((Number(cycle.periodStart.slice(5, 7)) - 1) / 3) + 1}`;
  return cycle.auditName;
}

function floorOf(draft: unknown): number {
  const floor = (draft as { floor?: unknown }).floor;
  return typeof floor === 'number' ? floor : 0;
}
