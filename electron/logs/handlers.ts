import type { HandlersFor, MethodsOf } from '../common/handlers';
import { jobsOf } from '../jobs/jobs';
import { rowOrNotFound } from '../rows';
import type { Core } from '../services';
import { detectAnomalies, dismissObservation, listObservations, raiseObservation } from './service';

export function logsHandlers(core: Core): HandlersFor<MethodsOf<'logs'>> {
  return {
    'logs.detectAnomalies': (input) => detectAnomalies(core, input),
    'logs.startDetect': (input) => {
      rowOrNotFound(core, 'releases', input.releaseId, 'release');
      return jobsOf(core).start('logs.detect', (progress, signal) => detectAnomalies(core, input, { progress, signal }), { cancellable: true });
    },
    'logs.observations': (input) => listObservations(core, input.releaseId),
    'logs.raiseObservation': (input) => raiseObservation(core, input),
    'logs.dismissObservation': (input) => dismissObservation(core, input),
  };
}
