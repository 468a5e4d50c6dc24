import type { TrendChart } from '../../shared/api/trends';
import { percentOf } from './catalogue';
import type { PeriodFigure } from './summary';

// The emergency review's charts (group 'emergency'), from the same period figures as the KPIs.

export function emergencyShareChart(figures: PeriodFigure[], keys: string[], categories: string[]): TrendChart {
  const of = new Map(figures.filter((f) => f.kpi === 'emergency-share' && f.part === '').map((f) => [f.period, f]));
  return {
    id: 'emergency.frequency',
    group: 'emergency',
    title: 'Emergency releases',
    definition: 'Releases marked emergency in each period (bars), their share of the period’s releases (emergency releases / releases), and the emergency releases of each system. A release counts in the month its deployment window starts.',
    unit: 'count',
    kind: 'bar',
    categories,
    series: [
      { name: 'Emergency releases', values: keys.map((k) => of.get(k)?.numerator ?? null), basis: keys.map((k) => of.get(k)?.denominator ?? 0) },
      {
        name: 'Share of releases (%)',
        values: keys.map((k) => {
          const f = of.get(k);
          return f ? percentOf(f.numerator, f.denominator) : null;
        }),
        basis: keys.map((k) => of.get(k)?.denominator ?? 0),
      },
      ...[...new Set(figures.filter((f) => f.kpi === 'emergency-share' && f.part.startsWith('system:')).map((f) => f.part))].sort().map((part) => {
        const ofSystem = new Map(figures.filter((f) => f.kpi === 'emergency-share' && f.part === part).map((f) => [f.period, f]));
        return { name: `${part.slice('system:'.length)}: emergency releases`, values: keys.map((k) => ofSystem.get(k)?.numerator ?? null), basis: keys.map((k) => ofSystem.get(k)?.denominator ?? 0) };
      }),
    ],
    better: 'lower',
  };
}

export function emergencyCauseChart(figures: PeriodFigure[], keys: string[], categories: string[]): TrendChart {
  const causes = figures.filter((f) => f.kpi === 'emergency-cause');
  const names = [...new Set(causes.map((f) => f.part))].sort();
  const totals = new Map(figures.filter((f) => f.kpi === 'emergency-share' && f.part === '').map((f) => [f.period, f.numerator]));
  return {
    id: 'emergency.causes',
    group: 'emergency',
    title: 'Causes of emergency releases',
    definition: 'Emergency releases in each period by their cause, normalised from the words of the emergency justification (or the emergency review’s notes when the justification is empty): security fix, production incident, defect after a release, data correction, regulatory deadline, business deadline, vendor change, other, or none stated.',
    unit: 'count',
    kind: 'stacked-bar',
    categories,
    series: names.map((part) => {
      const of = new Map(causes.filter((f) => f.part === part).map((f) => [f.period, f.numerator]));
      return { name: part.slice('cause:'.length), values: keys.map((k) => of.get(k) ?? 0), basis: keys.map((k) => totals.get(k) ?? 0) };
    }),
    better: 'lower',
  };
}
