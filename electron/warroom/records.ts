import { warroomEntries } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the war-room domain, as the registry knows them (see ARCHITECTURE.md).

export const warroomRecords = [
  {
    entity: 'warroom_entries',
    table: warroomEntries,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: true,
    // An entry is corrected by a later one, never edited.
    refuses: ['update', 'delete'],
    references: { releaseId: { entity: 'releases' }, correctsId: { entity: 'warroom_entries' } },
    linkTarget: { type: 'warroom-entry', label: "SELECT 'war room: ' || kind || ' at ' || at AS label FROM warroom_entries WHERE id = ?" },
    noun: 'war-room entry',
  },
] as const satisfies readonly RecordKind[];
