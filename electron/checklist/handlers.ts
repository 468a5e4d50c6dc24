import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { pageResults } from './list';
import { recordResult } from './service';

export function checklistHandlers(core: Core): HandlersFor<MethodsOf<'checklist'>> {
  return {
    'checklist.record': (input) => recordResult(core, input),
    'checklist.results': (input) => pageResults(core, input),
  };
}
