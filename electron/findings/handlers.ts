import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { createFinding, discardFinding, getFinding, ownerTrends, pageFindings, raiseFromResult, transitionFinding, updateFinding } from './service';

export function findingHandlers(core: Core): HandlersFor<MethodsOf<'findings'>> {
  return {
    'findings.create': (input) => createFinding(core, input),
    'findings.update': (input) => updateFinding(core, input),
    'findings.transition': (input) => transitionFinding(core, input),
    'findings.discard': (input) => discardFinding(core, input.id),
    'findings.raiseFromResult': (input) => raiseFromResult(core, input.resultId),
    'findings.list': (input) => pageFindings(core, input),
    'findings.get': (input) => getFinding(core, input.id),
    'findings.trends': () => ownerTrends(core),
  };
}
