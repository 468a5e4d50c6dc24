import type { HandlersFor, MethodsOf } from '../../common/handlers';
import type { Core } from '../../services';
import { startDocxExport } from './jobs';

export function docxHandlers(core: Core): HandlersFor<MethodsOf<'docx'>> {
  return {
    'docx.startExport': (input) => startDocxExport(core, input),
  };
}
