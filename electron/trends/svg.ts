import { init } from 'echarts';
import type { TrendChart } from '../../shared/api/trends';
import { printPalette, trendOption } from '../../shared/trend-option';

// A chart drawn for print: ECharts' server-side SVG renderer, in the print palette, no animation and
// no tooltip, the same option the Trends screen draws from. The instance is always disposed, or the
// process would never exit.

export function trendSvg(chart: TrendChart, size: { width: number; height: number }): string {
  const drawing = init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    drawing.setOption(trendOption(chart, { palette: printPalette, animation: false, tooltip: false, fontFamily: 'Roboto', fontSize: 9 }));
    return drawing.renderToSVGString();
  } finally {
    drawing.dispose();
  }
}
