import type { KpiScope } from '../../shared/api/kpis';
import type { TrendChart, TrendQuery, TrendSeriesData } from '../../shared/api/trends';
import type { Core } from '../services';
import { kpiCatalogue, partLabel } from './catalogue';
import { emergencyCauseChart, emergencyShareChart } from './emergency-charts';
import { kpiValue, periodFigures, periodOptions, type PeriodFigure } from './summary';

// One chart per KPI over the periods asked for (group 'kpi'), its breakdowns (stages, frameworks,
// documents, severities) as further series; and the emergency releases' share per system and their
// causes (group 'emergency'). Every value carries the basis it rests on.

export function scopeOf(query: TrendQuery): KpiScope {
  if (query.auditId) return { kind: 'audit', auditId: query.auditId };
  if (query.system) return { kind: 'system', system: query.system };
  return { kind: 'all' };
}

function series(name: string, kpi: string, part: string, categories: string[], figures: PeriodFigure[]): TrendSeriesData {
  const of = new Map(figures.filter((f) => f.kpi === kpi && f.part === part).map((f) => [f.period, f]));
  return {
    name,
    values: categories.map((c) => {
      const f = of.get(c);
      return f ? kpiValue(kpi, f.numerator, f.denominator) : null;
    }),
    basis: categories.map((c) => of.get(c)?.denominator ?? 0),
  };
}

export function kpiCharts(core: Core, query: TrendQuery): TrendChart[] {
  const { figures } = periodFigures(core, scopeOf(query), query.period, { from: query.from, to: query.to });
  const periods = periodOptions(core, query.period, figures.map((f) => f.period));
  const keys = periods.map((p) => p.key);
  const categories = periods.map((p) => p.label);
  const charts: TrendChart[] = kpiCatalogue.map((kpi) => {
    const parts = [...new Set(figures.filter((f) => f.kpi === kpi.id && f.part !== '').map((f) => f.part))].sort();
    return {
      id: `kpi.${kpi.id}`,
      group: 'kpi',
      title: kpi.title,
      definition: kpi.definition,
      unit: kpi.unit,
      kind: kpi.unit === 'count' ? 'bar' : 'line',
      categories,
      series: [series(kpi.title, kpi.id, '', keys, figures), ...parts.map((part) => series(partLabel(part), kpi.id, part, keys, figures))],
      better: kpi.better,
    };
  });
  return [...charts, emergencyShareChart(figures, keys, categories), emergencyCauseChart(figures, keys, categories)];
}

/** Listed in electron/trends/providers.ts (typed there: this folder does not import it, so no circle). */
export const kpiTrendProvider = { id: 'kpis', charts: kpiCharts };
