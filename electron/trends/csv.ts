import type { TrendChart } from '../../shared/api/trends';

// One chart's numbers as CSV (RFC 4180): CRLF line ends, a field quoted when it holds a comma, a
// quote or a line break, a quote inside doubled. A row per category; per series its value and the
// basis it rests on. Every field is written as it is, so reading the file back gives the same text.

/** One field, quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows of fields as RFC 4180 text, every line ended by CRLF. */
export function csvText(rows: string[][]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** The chart's table: the period (or key) column, then a value and a basis column per series; an empty cell where there is no value. */
export function chartRows(chart: TrendChart): string[][] {
  const header = ['Period', ...chart.series.flatMap((s) => [`${s.name} (${chart.unit})`, `${s.name} basis`])];
  const rows = chart.categories.map((category, i) => [
    category,
    ...chart.series.flatMap((s) => {
      const value = s.values[i];
      return [value === null || value === undefined ? '' : String(value), String(s.basis[i] ?? 0)];
    }),
  ]);
  return [header, ...rows];
}

export function chartCsv(chart: TrendChart): string {
  return csvText(chartRows(chart));
}
