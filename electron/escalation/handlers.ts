import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { evaluateRules, listMetrics } from './service';

export function escalationHandlers(core: Core): HandlersFor<MethodsOf<'escalation'>> {
  return {
    'escalation.metrics': () => listMetrics(),
    'escalation.evaluate': (input) => evaluateRules(core, input.auditId),
  };
}
