import { AppError } from '../../shared/api/errors';
import type { ImportOutcome } from '../../shared/api/import-methods';
import type { Progress } from '../jobs/jobs';
import { runRules } from '../rules/drafts';
import { indexImportLines } from '../search/indexer';
import type { Core } from '../services';
import { matchAfterSbom } from '../vulnerabilities/match';

// What follows an import once it is recorded: the audit's rule pack drafts the findings its facts
// call for, and the file's lines go into the search index. Neither can undo the import: a failure
// is said beside the import's own result, and indexing that stops is picked up by the next search.

export interface AfterImportOptions {
  /** Wait for the lines to be indexed (the CLI, which exits next), or leave it running (the app). */
  index: 'await' | 'background';
  progress?: Progress;
}

export async function afterImport(core: Core, outcome: ImportOutcome, options: AfterImportOptions): Promise<ImportOutcome> {
  if (outcome.alreadyImported) return outcome;
  const { auditId, releaseId, id } = outcome.import;
  const notes: string[] = [];
  let drafted = 0;
  // An SBOM's components are matched against the OSV database first, so the rules see the matches.
  notes.push(...(await matchAfterSbom(core, outcome, options.progress)));
  try {
    options.progress?.('Running the rule pack', 0.92);
    drafted = runRules(core, auditId, releaseId ?? undefined).drafted;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    notes.push(`The rule pack did not run: ${error.message} Run it again with rules.run.`);
  }
  const indexing = indexImportLines(core, id, {
    onProgress: (read, total) => options.progress?.('Indexing the lines for search', 0.95 + (total > 0 ? (read / total) * 0.05 : 0), { done: read, total }),
  });
  if (options.index === 'await') {
    try {
      await indexing;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      notes.push(`Its lines are not all searchable yet: ${error.message}`);
    }
  } else {
    // A core closed meanwhile (the app quitting) stops it; the next search reads the rest.
    indexing.catch(() => undefined);
  }
  return { ...outcome, drafted, notes };
}
