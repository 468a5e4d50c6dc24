import { z } from 'zod';
import { CalendarDate, Id, text } from './common';
import { defineMethod } from './define';

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

// --- The Trends contract: every provider's charts for a query, and one chart's numbers as CSV. ---

const finite = z.number({ message: 'must be a number' }).finite('must be a finite number');

/** A query as the API takes it: the period, and optionally one audit, one system and date bounds. */
export const TrendQuerySchema = z
  .strictObject({
    period: z.enum(trendPeriods, { message: `must be one of ${trendPeriods.join(', ')}` }),
    auditId: Id.optional(),
    system: text('system', 200).min(1, 'system must not be empty').optional(),
    from: CalendarDate.optional(),
    to: CalendarDate.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export const TrendChartSchema = z.object({
  id: z.string(),
  group: z.string(),
  title: z.string(),
  definition: z.string(),
  unit: z.enum(trendUnits),
  kind: z.enum(['line', 'bar', 'stacked-bar']),
  categories: z.array(z.string()),
  series: z.array(z.object({ name: z.string(), values: z.array(finite.nullable()), basis: z.array(z.number().int().min(0)) })),
  bands: z.array(z.object({ label: z.string(), from: finite.optional(), to: finite.optional() })).optional(),
  better: z.enum(['higher', 'lower']).optional(),
});

/** The answer of trends.charts: the charts, and each provider that failed with its reason (the others still answer). */
export const TrendCharts = z.object({
  charts: z.array(TrendChartSchema),
  failures: z.array(z.object({ provider: z.string(), message: z.string() })),
  /** The systems the releases on this laptop name (their System field), for choosing one as the scope. */
  systems: z.array(z.string()),
});
export type TrendCharts = z.infer<typeof TrendCharts>;

export const trendsContract = {
  'trends.charts': defineMethod({
    summary: "The improvement loop's charts for a period (month, quarter or audit cycle), across every audit or for one audit or one system; a provider that fails is named with its reason and the others still answer.",
    input: TrendQuerySchema,
    output: TrendCharts,
  }),
  'trends.csv': defineMethod({
    summary: "One chart's numbers as CSV (RFC 4180, UTF-8): a row per category, a column per series and one with the basis each value rests on.",
    input: z.strictObject({ query: TrendQuerySchema, chartId: z.string({ message: 'must be text' }).min(1, 'chartId is required').max(200, 'chartId must be at most 200 characters') }),
    output: z.object({ fileName: z.string(), text: z.string() }),
  }),
};

// The schema and the interfaces above describe one shape: a change to either is a compile error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const chartShapeAgrees: Same<z.infer<typeof TrendChartSchema>, TrendChart> = true;
const queryShapeAgrees: Same<z.infer<typeof TrendQuerySchema>, TrendQuery> = true;
void chartShapeAgrees;
void queryShapeAgrees;
