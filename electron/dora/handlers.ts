import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { doraKeys } from './service';

export function doraHandlers(core: Core): HandlersFor<MethodsOf<'dora'>> {
  return {
    'dora.keys': (input) => doraKeys(core, input),
  };
}
