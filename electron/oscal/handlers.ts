import type { HandlersFor, MethodsOf } from '../common/handlers';
import { getImportedFramework, importedCoverage, listImportedFrameworks, mapRequirement, unmapRequirement } from '../library/imported';
import { loadLibrary } from '../library/library';
import type { Core } from '../services';
import { getVersion } from '../templates/service';
import { importFramework, importUploadedFramework } from './framework-import';
import { exportOscal } from './export';
import { startOscalExport } from './jobs';

// OSCAL out and frameworks in. Coverage needs a template version, and the export the whole audit,
// so these handlers sit here, above the domains they read.

export function oscalHandlers(core: Core): HandlersFor<MethodsOf<'oscal'> | MethodsOf<'frameworks'>> {
  return {
    'oscal.export': (input) => exportOscal(core, input),
    'oscal.startExport': (input) => startOscalExport(core, input),
    'frameworks.import': (input) => importFramework(core, input),
    'frameworks.importUpload': (input) => importUploadedFramework(core, input.uploadId, input.catalogUploadId),
    'frameworks.list': () => listImportedFrameworks(core),
    'frameworks.get': (input) => getImportedFramework(core, input.id),
    'frameworks.map': (input) => mapRequirement(core, loadLibrary(core.appRoot), input),
    'frameworks.unmap': (input) => unmapRequirement(core, input),
    'frameworks.coverage': (input) => importedCoverage(core, loadLibrary(core.appRoot), input.frameworkId, input.templateVersionId, getVersion(core, input.templateVersionId).content),
  };
}
