import type { TrendChart } from '../../../shared/api/trends';
import { formatTrendValue, trendUnitNames } from '../../../shared/trend-option';
import { SMALL, WIDTH, type ReportTrends } from '../trends-data';
import type { ReportContext } from '../document';
import { keepHeadings, present, table, type Content } from '../layout';
import { sectionHeading } from './navigation';

// The report's "Trends" section, in the full report and the executive summary: every provider's
// charts by audit cycle, for the cycles up to this audit (those begun on or before the day it was),
// each drawn once per report (when the report's data is read, not per layout pass) as SVG, with its
// definition and its numbers. A provider that failed is named with its reason.

/** The numbers under a chart: a row per cycle, a column per series with its basis in brackets. */
function numbers(chart: TrendChart, fontSize = 8): Content {
  const head = ['Cycle', ...chart.series.map((s) => s.name)].map((text, i) => ({ text, style: 'th', fontSize: fontSize + 0.5, alignment: i ? ('right' as const) : ('left' as const) }));
  // The header row is made here, in the table's small size (table() prints headers at 10 pt), and marked as its header.
  const made = table(['*', ...chart.series.map(() => 'auto')], null, [
    head,
    ...chart.categories.map((category, i) => [
      { text: category, fontSize },
      ...chart.series.map((s) => ({ text: `${formatTrendValue(s.values[i], chart.unit)} (${s.basis[i] ?? 0})`, fontSize, alignment: 'right' as const, noWrap: true })),
    ]),
  ]) as { table: Record<string, unknown> };
  return { ...made, table: { ...made.table, headerRows: 1, keepWithHeaderRows: 1 } };
}

export function trendsSection(context: ReportContext): Content {
  const trends = context.data.trends;
  if (!trends) return '';
  const drawn = trends.charts.filter((c) => c.chart.categories.length > 0);
  const intro: Content[] = [
    {
      text: 'How the release process fares from one audit to the next, up to this audit. In each table a value is followed, in brackets, by how many items it rests on.',
      style: 'muted',
      margin: [0, 0, 0, 6],
    },
    ...trends.failures.map((f) => ({ text: f.message, color: '#b3261e', fontSize: 9 })),
    drawn.length === 0 ? { text: 'No audit cycle up to this one holds figures to chart yet.', style: 'muted' } : '',
  ];
  const summary = context.options.kind === 'summary';
  const block = ({ chart, svg, small }: ReportTrends['charts'][number]): Content[] => [
    { text: chart.title, bold: true, fontSize: summary ? 9 : 10.5, margin: [0, summary ? 6 : 10, 0, 1] },
    { text: `${chart.definition} Unit: ${trendUnitNames[chart.unit]}.`, style: 'muted', fontSize: summary ? 7 : 9, margin: [0, 0, 0, 3] },
    summary ? { svg: small() as string, width: SMALL.width } : { svg: svg() as string, width: WIDTH },
    numbers(chart, summary ? 7 : 8),
  ];
  // In the executive summary two charts share a row: a row is one block, so it is never split.
  const blocks: Content[][] = summary
    ? Array.from({ length: Math.ceil(drawn.length / 2) }, (_, row) => [
        { columns: drawn.slice(row * 2, row * 2 + 2).map((c) => ({ width: SMALL.width, stack: block(c) })), columnGap: 13 },
      ])
    : drawn.map(block);
  // The introduction goes with the first chart, so the heading is never left at the foot of a page.
  const [first = [], ...rest] = blocks;
  return keepHeadings([
    sectionHeading(context, 'trends', 'Trends across audit cycles'),
    { stack: present([...intro, ...first]), unbreakable: true },
    ...rest.map((block) => ({ stack: block, unbreakable: true })),
  ]);
}
