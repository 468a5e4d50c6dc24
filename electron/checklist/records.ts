import { checklistResults } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the checklist domain, as the registry knows them (see ARCHITECTURE.md).

export const checklistRecords = [
  {
    entity: 'checklist_results',
    table: checklistResults,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    references: { releaseId: { entity: 'releases' }, templateVersionId: { entity: 'template_versions' } },
    linkTarget: {
      type: 'checklist-result',
      label: "SELECT c.item_key || coalesce(' on ' || r.identifier, '') AS label FROM checklist_results c LEFT JOIN releases r ON r.id = c.release_id WHERE c.id = ?",
    },
    noun: 'checklist result',
  },
] as const satisfies readonly RecordKind[];
