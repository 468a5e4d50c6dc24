import { importFacts, imports } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the imports domain, as the registry knows them (see ARCHITECTURE.md). An import
// and its facts are what a file said: they are written once, in one transaction, and never changed.

export const importRecords = [
  {
    entity: 'imports',
    table: imports,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: true,
    refuses: ['update', 'delete'],
    references: { releaseId: { entity: 'releases' }, evidenceId: { entity: 'evidence', dependent: true } },
    noun: 'import',
  },
  {
    entity: 'import_facts',
    table: importFacts,
    owner: { field: 'importId', entity: 'imports' },
    freezes: true,
    appendOnly: true,
    refuses: ['update', 'delete'],
    references: { auditId: { entity: 'audits' }, releaseId: { entity: 'releases' } },
    noun: 'imported fact',
  },
] as const satisfies readonly RecordKind[];
