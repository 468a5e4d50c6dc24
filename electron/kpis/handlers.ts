import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { emergencyReview } from './emergency';
import { kpiScopes, kpiSummary } from './summary';

export function kpiHandlers(core: Core): HandlersFor<MethodsOf<'kpis'>> {
  return {
    'kpis.summary': (input) => kpiSummary(core, input),
    'kpis.scopes': () => kpiScopes(core),
    'kpis.emergency': (input) => emergencyReview(core, input),
  };
}
