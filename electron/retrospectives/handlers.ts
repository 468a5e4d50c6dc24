import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { addAction, createRetrospective, retrospectiveView, saveAction, saveRetrospective } from './service';

export function retrospectiveHandlers(core: Core): HandlersFor<MethodsOf<'retrospectives'>> {
  return {
    'retrospectives.create': (input) => createRetrospective(core, input),
    'retrospectives.save': (input) => saveRetrospective(core, input),
    'retrospectives.view': (input) => retrospectiveView(core, input.auditId),
    'retrospectives.addAction': (input) => addAction(core, input),
    'retrospectives.saveAction': (input) => saveAction(core, input),
  };
}
