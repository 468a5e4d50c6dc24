// What a chart of the improvement loop holds, as plain data: the Trends dashboard draws it with the
// chart library, offers its numbers as a table and as CSV, and the report's "trends" section draws
// the same data. Each figure's providers (KPIs, DORA keys, emergency releases, maturity…) compute
// it; nothing here knows how a chart is drawn.

/** How a chart's figures are grouped in time: calendar month, calendar quarter, or audit cycle (one audit). */
export const trendPeriods = ['month', 'quarter', 'cycle'] as const;
export type TrendPeriod = (typeof trendPeriods)[number];

/** The unit a chart's values are in; the drawing formats axes and tables from it. */
export const trendUnits = ['percent', 'count', 'hours', 'days', 'per-week', 'per-month', 'level'] as const;
export type TrendUnit = (typeof trendUnits)[number];

export interface TrendSeriesData {
  /** The series' name in the legend (a team, a system, a stage, or the figure itself). */
  name: string;
  /** One value per category, in the same order; null where there is nothing to compute it from. */
  values: Array<number | null>;
  /** How many items each value rests on (deployments, assessed items, findings…), per category. */
  basis: number[];
}

/** A band a value can fall in (DORA's elite/high/medium/low), drawn as a marked area. */
export interface TrendBand {
  label: string;
  /** The band holds values from `from` (inclusive) to `to` (exclusive); a missing end is open. */
  from?: number;
  to?: number;
}

export interface TrendChart {
  /** Stable id, unique across providers ('kpi.control-failure-rate', 'dora.lead-time'…). */
  id: string;
  /** Which view it belongs to: 'kpi', 'dora', 'emergency', 'maturity'… */
  group: string;
  title: string;
  /** The figure's definition in plain words, shown next to it and printed under it in the report. */
  definition: string;
  unit: TrendUnit;
  kind: 'line' | 'bar' | 'stacked-bar';
  /** The x axis: period labels ('2026-03', '2026-Q1', an audit's name) or breakdown keys. */
  categories: string[];
  series: TrendSeriesData[];
  bands?: TrendBand[];
  /** Whether a higher value is better (true for completeness), worse (failure rate), or neither. */
  better?: 'higher' | 'lower';
}

/** What a provider is asked for: the grouping in time, and optionally one audit or one system. */
export interface TrendQuery {
  period: TrendPeriod;
  auditId?: string;
  system?: string;
  /** Inclusive ISO date bounds (YYYY-MM-DD) of the periods asked for. */
  from?: string;
  to?: string;
}
