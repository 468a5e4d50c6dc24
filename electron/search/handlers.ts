import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { searchQuery } from './service';

export function searchHandlers(core: Core): HandlersFor<MethodsOf<'search'>> {
  return {
    'search.query': (input) => searchQuery(core, input),
  };
}
