import { findings } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the findings domain, as the registry knows them (see ARCHITECTURE.md).

export const findingRecords = [
  {
    entity: 'findings',
    table: findings,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    references: { releaseId: { entity: 'releases' }, controlId: { entity: 'controls' }, sourceResultId: { entity: 'checklist_results' } },
    linkTarget: { type: 'finding', label: "SELECT 'finding: ' || title AS label FROM findings WHERE id = ?" },
    noun: 'finding',
  },
] as const satisfies readonly RecordKind[];
