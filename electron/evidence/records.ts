import { custodyEvents, evidence, evidenceLinks, evidenceMarks } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the evidence domain, as the registry knows them (see ARCHITECTURE.md).

const ofEvidence = { field: 'evidenceId', entity: 'evidence' } as const;

export const evidenceRecords = [
  {
    entity: 'evidence',
    table: evidence,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: true,
    refuses: ['update', 'delete'],
    vaultFile: 'sha256',
    noun: 'evidence',
  },
  {
    entity: 'custody_events',
    table: custodyEvents,
    owner: ofEvidence,
    // Views and exports of frozen evidence are still recorded.
    freezes: false,
    appendOnly: true,
    refuses: ['update', 'delete'],
    noun: 'custody event',
  },
  {
    entity: 'evidence_marks',
    table: evidenceMarks,
    owner: ofEvidence,
    // Who may read a piece of evidence is decided when a report is shared, often after finalising.
    freezes: false,
    appendOnly: true,
    refuses: ['update', 'delete'],
    noun: 'confidentiality mark',
  },
  {
    entity: 'evidence_links',
    table: evidenceLinks,
    owner: ofEvidence,
    freezes: true,
    appendOnly: true,
    // A link is made or taken away, never changed.
    refuses: ['update'],
    pointsAtLinkTarget: { typeField: 'targetType', idField: 'targetId' },
    noun: 'evidence link',
  },
] as const satisfies readonly RecordKind[];
