import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { ImportOutcome } from '../../shared/api/import-methods';
import type { HandlersFor, MethodsOf } from '../common/handlers';
import { uploadedImport } from '../imports/inbox';
import { jobsOf, type Progress } from '../jobs/jobs';
import { getRelease } from '../releases/service';
import type { Core } from '../services';
import { databaseStatus } from './database';
import { importDatabase } from './load';
import { matchRelease } from './match';
import { listVulnerabilities } from './service';

/** What runs once a match is recorded (the rule pack, the search index): given by the layer that joins the domains. */
export type AfterMatch = (core: Core, outcome: ImportOutcome, progress: Progress) => Promise<ImportOutcome>;

export function vulnerabilityHandlers(core: Core, after: AfterMatch): HandlersFor<MethodsOf<'vulnerabilities'>> {
  return {
    'vulnerabilities.database.status': () => databaseStatus(core),
    'vulnerabilities.database.import': (input) => {
      const source = 'uploadId' in input ? uploadedImport(core, input.uploadId) : { file: path.resolve(input.path), name: path.basename(input.path) };
      return jobsOf(core).start('vulnerabilities.importDatabase', (progress, signal) => importDatabase(core, source.file, { signal, progress, label: source.name }), { cancellable: true });
    },
    'vulnerabilities.match': (input) => {
      getRelease(core, input.releaseId);
      return jobsOf(core).start(
        'vulnerabilities.match',
        async (progress, signal) => {
          const { outcome, recorded } = await matchRelease(core, input.releaseId, { signal, progress });
          if (!recorded || recorded.alreadyImported) return outcome;
          try {
            const done = await after(core, recorded, progress);
            return { ...outcome, drafted: done.drafted, notes: [...outcome.notes, ...done.notes] };
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            return { ...outcome, notes: [...outcome.notes, `The rule pack did not run: ${error.message}`] };
          }
        },
        { cancellable: true },
      );
    },
    'vulnerabilities.list': (input) => listVulnerabilities(core, input),
  };
}
