import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { releaseComponents } from './components';
import { getLicencePolicy, setLicencePolicy } from './service';

export function licenceHandlers(core: Core): HandlersFor<MethodsOf<'licences'>> {
  return {
    'licences.policy.get': (input) => getLicencePolicy(core, input.auditId),
    'licences.policy.set': (input) => setLicencePolicy(core, input),
    'licences.components': (input) => releaseComponents(core, input.releaseId),
  };
}
