import { AppError } from '../../shared/api/errors';
import { TrendChartSchema, type TrendChart, type TrendCharts, type TrendQuery } from '../../shared/api/trends';
import { requireAudit } from '../rows';
import type { Core } from '../services';
import { chartCsv } from './csv';
import { trendProviders, type TrendProvider } from './providers';

// Every provider's charts for one query. A provider that throws, or answers a chart that breaks the
// chart's shape, is reported by name with its reason; the other providers' charts are still shown.

export function trendCharts(core: Core, query: TrendQuery, providers: TrendProvider[] = trendProviders): TrendCharts {
  if (query.auditId !== undefined) requireAudit(core, query.auditId);
  const charts: TrendChart[] = [];
  const failures: TrendCharts['failures'] = [];
  const seen = new Set<string>();
  for (const provider of providers) {
    try {
      const answered = provider.charts(core, query);
      const checked = answered.map((chart) => {
        const parsed = TrendChartSchema.safeParse(chart);
        if (!parsed.success) throw new Error(`its chart ${chart?.id ?? '(no id)'} is malformed: ${parsed.error.issues[0]?.path.join('.') || 'chart'} ${parsed.error.issues[0]?.message ?? ''}`.trim());
        const lengths = chart.series.find((s) => s.values.length !== chart.categories.length || s.basis.length !== chart.categories.length);
        if (lengths) throw new Error(`its chart ${chart.id} has a series (${lengths.name}) whose values or basis do not match its ${chart.categories.length} categories`);
        if (seen.has(chart.id)) throw new Error(`its chart id ${chart.id} is already used by another chart`);
        return chart;
      });
      for (const chart of checked) seen.add(chart.id);
      charts.push(...checked);
    } catch (error) {
      failures.push({ provider: provider.id, message: `The ${provider.id} charts could not be computed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { charts, failures, systems: knownSystems(core) };
}

/** Every system a release names, as written (trimmed), once each whatever its case. */
export function knownSystems(core: Core): string[] {
  const rows = core.sqlite.prepare("SELECT min(trim(system)) AS system FROM releases WHERE trim(system) <> '' GROUP BY lower(trim(system)) ORDER BY lower(trim(system))").all() as Array<{ system: string }>;
  return rows.map((r) => r.system);
}

/** One chart's numbers as CSV, with a file name made of its id and the period. */
export function trendCsv(core: Core, query: TrendQuery, chartId: string, providers: TrendProvider[] = trendProviders): { fileName: string; text: string } {
  const { charts, failures } = trendCharts(core, query, providers);
  const chart = charts.find((c) => c.id === chartId);
  if (!chart) {
    throw new AppError('NOT_FOUND', `No chart ${chartId} for this query${failures.length ? ` (${failures.map((f) => f.message).join('; ')})` : ''}.`);
  }
  const scope = query.auditId ? 'audit' : query.system ? 'system' : 'all';
  return { fileName: `${chart.id.replace(/[^A-Za-z0-9._-]+/g, '-')}-${query.period}-${scope}.csv`, text: chartCsv(chart) };
}
