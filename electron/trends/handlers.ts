import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { trendCharts, trendCsv } from './service';

export function trendHandlers(core: Core): HandlersFor<MethodsOf<'trends'>> {
  return {
    'trends.charts': (input) => trendCharts(core, input),
    'trends.csv': (input) => trendCsv(core, input.query, input.chartId),
  };
}
