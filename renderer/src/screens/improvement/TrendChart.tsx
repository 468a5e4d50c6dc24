import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerParts, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useId, useRef, useState } from 'react';
import type { TrendChart as TrendChartData } from '../../../../shared/api/trends';
import { trendOption, type TrendPalette } from '../../../../shared/trend-option';
import { TrendTable } from './TrendTable';
import './trends.css';

// One chart of the improvement loop, drawn with ECharts' SVG renderer (no eval, no inline style
// markup: it works under the renderer's strict CSP) in the theme's colours, drawn again when the
// theme changes, resized with its box, still when the person prefers reduced motion. The figure is
// focusable and named by its title and definition; "Table" shows its numbers, "CSV" downloads them.

registerParts([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, MarkAreaComponent, AriaComponent, SVGRenderer]);

function themePalette(): TrendPalette {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--text', '#1b1f24'),
    muted: read('--muted', '#505a66'),
    grid: read('--chart-grid', '#dde2e8'),
    series: [1, 2, 3, 4, 5, 6].map((n) => read(`--chart-${n}`, '#1d5fd0')),
    bands: [1, 2, 3, 4].map((n) => read(`--chart-band-${n}`, 'rgba(0, 0, 0, 0.06)')),
    surface: read('--surface', '#ffffff'),
    border: read('--border', '#cfd6de'),
  };
}

/** The theme's palette, read again whenever the document's theme changes. */
function useThemePalette(): TrendPalette {
  const [palette, setPalette] = useState(themePalette);
  useEffect(() => {
    const observer = new MutationObserver(() => setPalette(themePalette()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return palette;
}

function useReducedMotion(): boolean {
  const [reduced, setReduced] = useState(() => window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  useEffect(() => {
    const media = window.matchMedia('(prefers-reduced-motion: reduce)');
    const update = () => setReduced(media.matches);
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  return reduced;
}

export function TrendChart({ chart, onCsv }: { chart: TrendChartData; onCsv: (chart: TrendChartData) => void }) {
  const id = useId();
  const drawing = useRef<HTMLDivElement>(null);
  const instance = useRef<EChartsType | null>(null);
  const [table, setTable] = useState(false);
  const palette = useThemePalette();
  const reducedMotion = useReducedMotion();
  const empty = chart.categories.length === 0;

  useEffect(() => {
    const host = drawing.current;
    if (!host || empty) return;
    const made = init(host, null, { renderer: 'svg' });
    instance.current = made;
    const resize = new ResizeObserver(() => made.resize());
    resize.observe(host);
    return () => {
      resize.disconnect();
      made.dispose();
      instance.current = null;
    };
  }, [empty]);

  useEffect(() => {
    instance.current?.setOption(trendOption(chart, { palette, animation: !reducedMotion, tooltip: true }), { notMerge: true });
  }, [chart, palette, reducedMotion, empty]);

  return (
    <figure className="trend-chart" tabIndex={0} aria-labelledby={`${id}-title`} aria-describedby={`${id}-definition`} data-chart-id={chart.id}>
      <div className="trend-chart-head">
        <figcaption>
          <h3 id={`${id}-title`}>{chart.title}</h3>
          <p id={`${id}-definition`} className="muted">
            {chart.definition}
          </p>
        </figcaption>
        {!empty && (
          <div className="trend-chart-actions">
            <button type="button" className="small" aria-pressed={table} aria-controls={`${id}-table`} onClick={() => setTable((shown) => !shown)}>
              Table
            </button>
            <button type="button" className="small" aria-label={`Download the numbers of ${chart.title} as CSV`} onClick={() => onCsv(chart)}>
              CSV
            </button>
          </div>
        )}
      </div>
      {empty ? (
        <p className="muted trend-chart-empty">Nothing to chart for this period and scope yet.</p>
      ) : (
        <>
          <div ref={drawing} className="trend-chart-drawing" />
          <div id={`${id}-table`} hidden={!table}>
            {table && <TrendTable chart={chart} />}
          </div>
        </>
      )}
    </figure>
  );
}
