import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { detectAnomalies, dismissObservation, listObservations, raiseObservation } from './service';

export function logsHandlers(core: Core): HandlersFor<MethodsOf<'logs'>> {
  return {
    'logs.detectAnomalies': (input) => detectAnomalies(core, input),
    'logs.observations': (input) => listObservations(core, input.releaseId),
    'logs.raiseObservation': (input) => raiseObservation(core, input),
    'logs.dismissObservation': (input) => dismissObservation(core, input),
  };
}
