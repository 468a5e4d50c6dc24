import { auditPlans } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the plans domain, as the registry knows them (see ARCHITECTURE.md).

export const planRecords = [
  {
    entity: 'audit_plans',
    table: auditPlans,
    // One plan per audit, with the audit's id.
    owner: 'self',
    freezes: true,
    appendOnly: false,
    noun: 'plan',
    conflictLabel: "SELECT 'plan of “' || substr(name, 1, 80) || '”' AS label FROM audits WHERE id = ?",
    combine: { method: 'plans.save', idKey: 'auditId' },
  },
] as const satisfies readonly RecordKind[];
