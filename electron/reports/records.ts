import { reports } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the reports domain, as the registry knows them (see ARCHITECTURE.md).

export const reportRecords = [
  {
    entity: 'reports',
    table: reports,
    owner: { field: 'auditId', entity: 'audits' },
    // Reports are issued from a finalised audit: the archive goes on.
    freezes: false,
    appendOnly: true,
    refuses: ['update', 'delete'],
    vaultFile: 'sha256',
    noun: 'report',
  },
] as const satisfies readonly RecordKind[];
