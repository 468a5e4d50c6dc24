import { licencePolicies } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the licences domain, as the registry knows them (see ARCHITECTURE.md).

export const licenceRecords = [
  {
    entity: 'licence_policies',
    table: licencePolicies,
    // One policy per audit, with the audit's id.
    owner: 'self',
    freezes: true,
    appendOnly: false,
    noun: 'licence policy',
    conflictLabel: "SELECT 'licence policy of “' || substr(name, 1, 80) || '”' AS label FROM audits WHERE id = ?",
  },
] as const satisfies readonly RecordKind[];
