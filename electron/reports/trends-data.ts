import type { TrendChart } from '../../shared/api/trends';
import type { Core } from '../services';
import { trendCharts } from '../trends/service';
import { trendSvg } from '../trends/svg';

// The improvement loop's charts a report prints (sections/trends.ts lays them out): every provider's
// charts by audit cycle, for the cycles up to this audit, drawn once when the report's data is read.

export const WIDTH = 499;
const HEIGHT = 160;
/** In the executive summary, two charts side by side. */
export const SMALL = { width: 243, height: 110 };

export interface ReportTrends {
  /** Each chart, drawn full width (the full report) or small (the executive summary) on first asking
   * and kept: reading the data for an approval or an OSCAL export draws nothing. Null: nothing to draw. */
  charts: Array<{ chart: TrendChart; svg: () => string | null; small: () => string | null }>;
  failures: Array<{ provider: string; message: string }>;
}

/** The charts of the audit's cycles, drawn. */
export function reportTrends(core: Core, audit: { createdAt: string }): ReportTrends {
  const { charts, failures } = trendCharts(core, { period: 'cycle', to: audit.createdAt.slice(0, 10) });
  const drawing = (chart: TrendChart, size: { width: number; height: number }) => {
    let svg: string | null | undefined;
    return () => (svg ??= chart.categories.length === 0 ? null : trendSvg(chart, size));
  };
  return { charts: charts.map((chart) => ({ chart, svg: drawing(chart, { width: WIDTH, height: HEIGHT }), small: drawing(chart, SMALL) })), failures };
}

