import { logObservations, logTemplateCache } from '../db/schema';
import type { LocalTable, RecordKind } from '../registry/types';

// The records of the logs domain, as the registry knows them (see ARCHITECTURE.md). Observations are
// the auditor's to raise or dismiss, so they are ledgered and travel; the mined templates are derived
// from the vault on each laptop, like the search index.

export const logRecords = [
  {
    entity: 'log_observations',
    table: logObservations,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    refuses: ['delete'],
    references: { releaseId: { entity: 'releases' }, importId: { entity: 'imports', dependent: true }, findingId: { entity: 'findings' } },
    noun: 'log observation',
    values: { kind: ['new-template', 'rate-jump', 'error-burst', 'time-gap'], state: ['open', 'raised', 'dismissed'] },
  },
] as const satisfies readonly RecordKind[];

export const logLocalTables: LocalTable[] = [{ table: logTemplateCache, local: 'the templates mined from each imported log, derived from the vault' }];
