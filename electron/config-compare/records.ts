import { auditConfigIgnores } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the configuration comparison domain, as the registry knows them (see
// ARCHITECTURE.md). The comparisons themselves are imports (kinds config-parity and config-drift).

export const configRecords = [
  {
    entity: 'audit_config_ignores',
    table: auditConfigIgnores,
    // One ignore list per audit, with the audit's id.
    owner: 'self',
    freezes: true,
    appendOnly: false,
    noun: 'configuration ignore list',
    conflictLabel: "SELECT 'configuration ignore list of “' || substr(name, 1, 80) || '”' AS label FROM audits WHERE id = ?",
  },
] as const satisfies readonly RecordKind[];
