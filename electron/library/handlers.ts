import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { loadLibrary } from './library';

// Framework coverage needs a template version, so its handler is the templates domain's.

export function libraryHandlers(core: Core): HandlersFor<Exclude<MethodsOf<'library'>, 'library.coverage'>> {
  return {
    'library.controls': () => loadLibrary(core.appRoot).controls,
    'library.frameworks': () => loadLibrary(core.appRoot).frameworks,
  };
}
