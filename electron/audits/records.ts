import { auditAmendments, audits } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the audits domain, as the registry knows them (see ARCHITECTURE.md).

export const auditRecords = [
  {
    entity: 'audits',
    table: audits,
    owner: 'self',
    freezes: true,
    appendOnly: false,
    references: { templateVersionId: { entity: 'template_versions' } },
    noun: 'audit',
  },
  {
    entity: 'audit_amendments',
    table: auditAmendments,
    owner: { field: 'auditId', entity: 'audits' },
    // Corrections after the freeze are amendments: they are still recorded.
    freezes: false,
    appendOnly: true,
    refuses: ['update', 'delete'],
    noun: 'amendment',
  },
] as const satisfies readonly RecordKind[];
