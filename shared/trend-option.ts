import type { TrendChart, TrendUnit } from './api/trends';

// How a TrendChart is drawn with ECharts, the same on the Trends screen (colours from the app's
// theme) and in the report (print colours): one option made from the chart's plain data. Values are
// formatted from the chart's unit on the axis, in the tooltip and in the numbers table.

/** The colours a chart is drawn in: the screen reads them from the theme, the report passes print ones. */
export interface TrendPalette {
  text: string;
  muted: string;
  /** Axis lines and split lines. */
  grid: string;
  /** One colour per series, repeated when there are more series. */
  series: string[];
  /** Fills of the bands (DORA's elite, high…), in turn; translucent so the series show through. */
  bands: string[];
  /** The tooltip's background and border. */
  surface: string;
  border: string;
}

/** The palette the report prints with: dark text, light bands, colours that stay apart in grey. */
export const printPalette: TrendPalette = {
  text: '#1b1f24',
  muted: '#505a66',
  grid: '#d5dae0',
  series: ['#1d5fd0', '#c25e00', '#17663a', '#b3261e', '#6b4fbb', '#5b6470'],
  bands: ['rgba(23, 102, 58, 0.10)', 'rgba(29, 95, 208, 0.08)', 'rgba(194, 94, 0, 0.10)', 'rgba(179, 38, 30, 0.08)'],
  surface: '#ffffff',
  border: '#cfd6de',
};

const unitSuffix: Record<TrendUnit, string> = {
  percent: ' %',
  count: '',
  hours: ' h',
  days: ' d',
  'per-week': ' / week',
  'per-month': ' / month',
  level: '',
};

/** A value as it reads beside its unit: 12.5 %, 3 h, 1.2 / week, level 3; a missing value is a dash. */
export function formatTrendValue(value: number | null | undefined, unit: TrendUnit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const rounded = Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  return unit === 'level' ? `level ${rounded}` : `${rounded}${unitSuffix[unit]}`;
}

/** The unit named for a table's heading or an axis name. */
export const trendUnitNames: Record<TrendUnit, string> = {
  percent: 'percent',
  count: 'count',
  hours: 'hours',
  days: 'days',
  'per-week': 'per week',
  'per-month': 'per month',
  level: 'level',
};

export interface TrendOptionSettings {
  palette: TrendPalette;
  /** Off when the person prefers reduced motion, and always in the report. */
  animation: boolean;
  /** The tooltip on hover (the screen); the report has none. */
  tooltip: boolean;
  fontFamily?: string;
  /** The size of axis and legend labels (ECharts' 12 unless told: the report prints smaller). */
  fontSize?: number;
}

/** The ECharts option of a chart (a plain object: ECharts' own types are not needed to read it). */
export function trendOption(chart: TrendChart, settings: TrendOptionSettings): Record<string, unknown> {
  const { palette } = settings;
  const format = (value: unknown) => formatTrendValue(typeof value === 'number' ? value : null, chart.unit);
  const textStyle = { color: palette.text, ...(settings.fontFamily ? { fontFamily: settings.fontFamily } : {}) };
  const size = settings.fontSize !== undefined ? { fontSize: settings.fontSize } : {};
  const bands = (chart.bands ?? []).map((band, i) => [
    {
      name: band.label,
      yAxis: band.from ?? 'min',
      itemStyle: { color: palette.bands[i % palette.bands.length] },
      label: { color: palette.muted, position: 'insideTopRight', fontSize: 10 },
    },
    { yAxis: band.to ?? 'max' },
  ]);
  const series = chart.series.map((s, i) => ({
    name: s.name,
    type: chart.kind === 'line' ? 'line' : 'bar',
    ...(chart.kind === 'stacked-bar' ? { stack: 'total' } : {}),
    data: s.values,
    color: palette.series[i % palette.series.length],
    ...(chart.kind === 'line' ? { symbolSize: 6, lineStyle: { width: 2 }, connectNulls: false } : { barMaxWidth: 36 }),
    ...(i === 0 && bands.length > 0 ? { markArea: { silent: true, data: bands } } : {}),
  }));
  return {
    animation: settings.animation,
    backgroundColor: 'transparent',
    textStyle,
    // ECharts describes the data itself (series, values) to a screen reader; the figure names the chart.
    aria: { enabled: true, label: { enabled: true } },
    // The legend sits under the plot: room is kept for it.
    grid: { left: 8, right: 16, top: 16, bottom: chart.series.length > 1 ? 28 : 8, containLabel: true },
    legend: { show: chart.series.length > 1, bottom: 0, textStyle: { color: palette.text, ...size }, itemWidth: 14, itemHeight: 10 },
    ...(settings.tooltip
      ? {
          tooltip: {
            trigger: 'axis',
            // Drawn inside the chart, not as an HTML element: the renderer's CSP allows no inline styles.
            renderMode: 'richText',
            backgroundColor: palette.surface,
            borderColor: palette.border,
            textStyle: { color: palette.text },
            valueFormatter: format,
          },
        }
      : {}),
    xAxis: {
      type: 'category',
      data: chart.categories,
      axisLabel: { color: palette.muted, hideOverlap: true, ...size },
      axisLine: { lineStyle: { color: palette.grid } },
      axisTick: { lineStyle: { color: palette.grid } },
    },
    yAxis: {
      type: 'value',
      minInterval: chart.unit === 'count' || chart.unit === 'level' ? 1 : 0,
      axisLabel: { color: palette.muted, formatter: format, ...size },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series,
  };
}
