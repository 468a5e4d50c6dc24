import { interviewNotes, interviews } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the interviews domain, as the registry knows them (see ARCHITECTURE.md).

export const interviewRecords = [
  {
    entity: 'interviews',
    table: interviews,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    references: { releaseId: { entity: 'releases' }, findingIds: { entity: 'findings' }, controlIds: { entity: 'controls' } },
    linkTarget: { type: 'interview', label: "SELECT 'interview with ' || interviewee AS label FROM interviews WHERE id = ?" },
    noun: 'interview',
    combine: { method: 'interviews.save', idKey: 'id' },
  },
  {
    entity: 'interview_notes',
    table: interviewNotes,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: true,
    refuses: ['update', 'delete'],
    references: {
      interviewId: { entity: 'interviews', dependent: true },
      // A note is corrected by a later note of the same interview.
      correctsId: { entity: 'interview_notes', sameAs: 'interviewId' },
    },
    noun: 'interview note',
  },
] as const satisfies readonly RecordKind[];
