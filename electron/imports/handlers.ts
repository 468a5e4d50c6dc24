import fs from 'node:fs';
import { AppError } from '../../shared/api/errors';
import { importKindList, type ImportOutcome } from '../../shared/api/import-methods';
import type { HandlersFor, MethodsOf } from '../common/handlers';
import { jobsOf, type Progress } from '../jobs/jobs';
import type { Core } from '../services';
import { importExcerpt } from './excerpt';
import { detectFile } from './import-file';
import { uploadedImport } from './inbox';
import { checkImportTarget, importInto, listFacts, listImports } from './store';

/** What runs once an import is recorded (drafting findings, indexing for search): given by the layer that joins the domains. */
export type AfterImport = (core: Core, outcome: ImportOutcome, progress: Progress) => Promise<ImportOutcome>;

export function importHandlers(core: Core, after: AfterImport): HandlersFor<MethodsOf<'imports'>> {
  return {
    'imports.kinds': () => importKindList,
    'imports.preview': async (input) => {
      const { file, name } = uploadedImport(core, input.uploadId);
      const bytes = fs.statSync(file).size;
      try {
        return { uploadId: input.uploadId, name, bytes, detection: await detectFile(file), refusal: null };
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'INTERNAL') throw error;
        return { uploadId: input.uploadId, name, bytes, detection: null, refusal: error.message };
      }
    },
    'imports.start': (input) => {
      const { file, name } = uploadedImport(core, input.uploadId);
      checkImportTarget(core, input);
      return jobsOf(core).start(
        'imports.run',
        async (progress, signal) => after(core, await importInto(core, file, { auditId: input.auditId, releaseId: input.releaseId, name }, { signal, ...(input.kind ? { kind: input.kind } : {}) }, progress), progress),
        { cancellable: true },
      );
    },
    'imports.list': (input) => listImports(core, input),
    'imports.facts': (input) => listFacts(core, input),
    'imports.excerpt': (input) => importExcerpt(core, input),
  };
}
