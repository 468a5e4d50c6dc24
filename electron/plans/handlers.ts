import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { getPlan, savePlan } from './service';

export function planHandlers(core: Core): HandlersFor<MethodsOf<'plans'>> {
  return {
    'plans.get': (input) => getPlan(core, input.auditId),
    'plans.save': (input) => savePlan(core, input),
  };
}
