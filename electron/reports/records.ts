import { auditRetention, reportApprovals, reportDistribution, reportRemovals, reports, retentionPolicies } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the reports domain, as the registry knows them (see ARCHITECTURE.md). Reports are
// issued, approved, sent and removed from a finalised audit too: none of them freezes.

/** Written once, never edited or deleted: a later record corrects an earlier one. */
const logged = { freezes: false, appendOnly: true, refuses: ['update', 'delete'] } as const;
const ofAudit = { field: 'auditId', entity: 'audits' } as const;

export const reportRecords = [
  {
    entity: 'reports',
    table: reports,
    owner: ofAudit,
    // Reports are issued from a finalised audit: the archive goes on.
    ...logged,
    references: { approvalId: { entity: 'report_approvals', sameAs: 'auditId' } },
    vaultFile: 'sha256',
    noun: 'report',
  },
  {
    entity: 'retention_policies',
    table: retentionPolicies,
    owner: 'library',
    freezes: false,
    appendOnly: false,
    refuses: ['delete'],
    noun: 'retention policy',
  },
  { entity: 'audit_retention', table: auditRetention, owner: ofAudit, ...logged, references: { policyId: { entity: 'retention_policies' } }, noun: 'retention choice' },
  { entity: 'report_approvals', table: reportApprovals, owner: ofAudit, ...logged, values: { role: ['compliance', 'legal'] }, noun: 'external-distribution approval' },
  {
    entity: 'report_distribution',
    table: reportDistribution,
    owner: ofAudit,
    ...logged,
    references: {
      reportId: { entity: 'reports', sameAs: 'auditId' },
      // An entry is corrected by a later entry for the same report.
      correctsId: { entity: 'report_distribution', sameAs: 'reportId' },
    },
    noun: 'distribution entry',
  },
  { entity: 'report_removals', table: reportRemovals, owner: ofAudit, ...logged, references: { reportId: { entity: 'reports', sameAs: 'auditId' } }, noun: 'report removal' },
] as const satisfies readonly RecordKind[];
