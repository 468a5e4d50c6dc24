import type { HandlersFor, MethodsOf } from '../common/handlers';
import { frameworkCoverage } from '../library/coverage';
import { loadLibrary } from '../library/library';
import type { Core } from '../services';
import { createTemplate, diffVersions, exportVersion, getTemplate, getVersion, importTemplate, listTemplates, publishTemplate, saveDraft } from './service';

export function templateHandlers(core: Core): HandlersFor<MethodsOf<'templates'> | 'library.coverage'> {
  return {
    'templates.list': () => listTemplates(core),
    'templates.get': (input) => getTemplate(core, input.id),
    'templates.create': (input) => createTemplate(core, input),
    'templates.saveDraft': (input) => saveDraft(core, input),
    'templates.publish': (input) => publishTemplate(core, input),
    'templates.version': (input) => getVersion(core, input.id),
    'templates.diff': (input) => diffVersions(core, input.fromVersionId, input.toVersionId),
    'templates.export': (input) => exportVersion(core, input.versionId, input.format),
    'templates.import': (input) => importTemplate(core, input),
    'library.coverage': (input) =>
      frameworkCoverage(loadLibrary(core.appRoot), input.framework, input.templateVersionId, getVersion(core, input.templateVersionId).content),
  };
}
