import { AppError } from '../../shared/api/errors';
import type { TrendChart, TrendQuery } from '../../shared/api/trends';
import type { Core } from '../services';
import { trendProviders, type TrendProvider } from '../trends/providers';
import { sheetName, type CellValue, type SheetTable } from './table';

// The KPI part: every chart the trend providers draw (electron/trends/providers.ts), one sheet of
// numbers per chart group, one row per chart, series and category, the value and what it rests on.

const columns: SheetTable['columns'] = [
  { header: 'Chart', type: 'text' },
  { header: 'Title', type: 'text' },
  { header: 'Series', type: 'text' },
  { header: 'Period or category', type: 'text' },
  { header: 'Value', type: 'number' },
  { header: 'Unit', type: 'text' },
  { header: 'Based on', type: 'number' },
  { header: 'Better when', type: 'text' },
  { header: 'Definition', type: 'text' },
];

function chartsOf(core: Core, provider: TrendProvider, query: TrendQuery): TrendChart[] {
  try {
    return provider.charts(core, query);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError('INTEGRITY', `The ${provider.id} figures could not be computed: ${why}`);
  }
}

/** The sheet of each chart group the providers give; a group not named here is "Trends <group>". */
const groupSheets: Record<string, string> = { kpi: 'KPIs', emergency: 'Emergency releases', dora: 'DORA keys', maturity: 'Maturity levels', findings: 'Findings trend' };

/** One table per chart group, in the order the providers give them. */
export function kpiTables(core: Core, query: TrendQuery, providers: TrendProvider[] = trendProviders, taken = new Set<string>()): SheetTable[] {
  const groups = new Map<string, CellValue[][]>();
  for (const provider of providers) {
    for (const chart of chartsOf(core, provider, query)) {
      const rows = groups.get(chart.group) ?? [];
      for (const series of chart.series) {
        chart.categories.forEach((category, i) => {
          const value = series.values[i];
          rows.push([chart.id, chart.title, series.name, category, value ?? null, chart.unit, series.basis[i] ?? null, chart.better ?? null, chart.definition]);
        });
      }
      groups.set(chart.group, rows);
    }
  }
  if (groups.size === 0) return [{ sheet: sheetName('KPIs', taken), columns, rows: [] }];
  return [...groups].map(([group, rows]) => ({ sheet: sheetName(groupSheets[group] ?? `Trends ${group}`, taken), columns, rows }));
}
