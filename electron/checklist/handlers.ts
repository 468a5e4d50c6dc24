import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { listResults, recordResult } from './service';

export function checklistHandlers(core: Core): HandlersFor<MethodsOf<'checklist'>> {
  return {
    'checklist.record': (input) => recordResult(core, input),
    'checklist.results': (input) => listResults(core, input.auditId, input.releaseId),
  };
}
