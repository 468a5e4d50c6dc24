import { checklistTemplates, templateVersions } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the templates domain, as the registry knows them (see ARCHITECTURE.md).

export const templateRecords = [
  { entity: 'checklist_templates', table: checklistTemplates, owner: 'library', freezes: false, appendOnly: false, noun: 'checklist template' },
  {
    entity: 'template_versions',
    table: templateVersions,
    owner: 'library',
    freezes: false,
    appendOnly: true,
    // A published version never changes: a new one is published instead.
    refuses: ['update', 'delete'],
    references: { templateId: { entity: 'checklist_templates' } },
    noun: 'template version',
  },
] as const satisfies readonly RecordKind[];
