import { testSettings, testSignOffs } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the testing domain, as the registry knows them (see ARCHITECTURE.md): an audit's
// scan threshold and test-kind mapping, and the QA sign-offs of its imported test reports.

export const testingRecords = [
  {
    entity: 'test_settings',
    table: testSettings,
    // One row per audit, with the audit's id.
    owner: 'self',
    freezes: true,
    appendOnly: false,
    noun: 'test and scan settings',
    conflictLabel: "SELECT 'test and scan settings of “' || substr(name, 1, 80) || '”' AS label FROM audits WHERE id = ?",
  },
  {
    entity: 'test_sign_offs',
    table: testSignOffs,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: true,
    // A sign-off is never edited nor taken back: a later one holds.
    refuses: ['update', 'delete'],
    references: { importId: { entity: 'imports' }, releaseId: { entity: 'releases' } },
    noun: 'test sign-off',
    values: { decision: ['accepted', 'accepted-with-exceptions', 'rejected'] },
  },
] as const satisfies readonly RecordKind[];
