import type { HandlersFor, MethodsOf } from '../common/handlers';
import { uploadedImport } from '../imports/inbox';
import type { Core } from '../services';
import { importFindings, previewFindingsImport } from './finding-import';
import { startSpreadsheetExport } from './jobs';

// Spreadsheets out (a job whose file is downloaded) and findings in from an uploaded CSV or XLSX
// (through the import inbox: the page sends the file, then previews and confirms by its upload id).

export function spreadsheetHandlers(core: Core): HandlersFor<MethodsOf<'spreadsheets'>> {
  return {
    'spreadsheets.startExport': (input) => startSpreadsheetExport(core, input),
    'spreadsheets.previewFindings': (input) => {
      const upload = uploadedImport(core, input.uploadId);
      return previewFindingsImport(core, { auditId: input.auditId, file: upload.file, name: upload.name });
    },
    'spreadsheets.importFindings': (input) => {
      const upload = uploadedImport(core, input.uploadId);
      return importFindings(core, { auditId: input.auditId, file: upload.file, name: upload.name });
    },
  };
}
