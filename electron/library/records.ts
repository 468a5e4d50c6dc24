import { controls, frameworkMappings, importedFrameworks } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the control library, as the registry knows them (see ARCHITECTURE.md).

export const libraryRecords = [
  { entity: 'controls', table: controls, owner: 'library', freezes: false, appendOnly: false, noun: 'control' },
  {
    entity: 'imported_frameworks',
    table: importedFrameworks,
    owner: 'library',
    freezes: false,
    appendOnly: true,
    // An imported catalog is kept as it came; a new edition is imported beside it.
    refuses: ['update'],
    noun: 'imported framework',
  },
  {
    entity: 'framework_mappings',
    table: frameworkMappings,
    owner: 'library',
    freezes: false,
    appendOnly: false,
    references: { frameworkId: { entity: 'imported_frameworks' } },
    noun: 'framework mapping',
  },
] as const satisfies readonly RecordKind[];
