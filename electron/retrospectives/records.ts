import { retroActions, retrospectives } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the retrospectives domain, as the registry knows them (see ARCHITECTURE.md). An
// action item is owned by the audit of the cycle that holds it: a finalised audit freezes its items,
// and an item still open continues in a later audit as that audit's own item (same thread id).

export const retrospectiveRecords = [
  {
    entity: 'retrospectives',
    table: retrospectives,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    references: { releaseId: { entity: 'releases' }, findingIds: { entity: 'findings' } },
    noun: 'retrospective',
  },
  {
    entity: 'retro_actions',
    table: retroActions,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    references: { retrospectiveId: { entity: 'retrospectives', dependent: true } },
    noun: 'retrospective action',
    values: { status: ['open', 'in-progress', 'done', 'dropped'] },
  },
] as const satisfies readonly RecordKind[];
