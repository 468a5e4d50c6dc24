import { z } from 'zod';
import { CalendarDate, Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod } from './define';

// Who may read a report, who did, and how long it is kept: the approval an external edition is issued
// under, the distribution list of each issued report, the retention policies and each audit's choice.
// Joined into the reports contract (reports.ts).

export const reviewerRoles = ['compliance', 'legal'] as const;

export const ExternalApproval = z.object({
  id: Id,
  auditId: Id,
  reviewer: z.string(),
  role: z.enum(reviewerRoles),
  comment: z.string(),
  approvedAt: UtcTimestamp,
  /** Who recorded it in the app. */
  recordedBy: z.string(),
  /** SHA-256 of what the external edition showed when it was approved. */
  editionDigest: z.string(),
  /** That content in words. */
  approvedContent: z.string(),
  /** It approved the external edition as it stands now (nothing it shows changed since). */
  current: z.boolean(),
});
export type ExternalApproval = z.infer<typeof ExternalApproval>;

export const ApprovalState = z.object({
  approvals: z.array(ExternalApproval),
  current: ExternalApproval.nullable(),
  /** What the external edition holds now, in words. */
  edition: z.string(),
});
export type ApprovalState = z.infer<typeof ApprovalState>;

export const DistributionEntry = z.object({
  id: Id,
  auditId: Id,
  reportId: Id,
  name: z.string(),
  role: z.string(),
  organisation: z.string(),
  sentOn: z.string(),
  recordedBy: z.string(),
  recordedAt: UtcTimestamp,
  correctsId: Id.nullable(),
  withdrawn: z.boolean(),
  /** A later entry corrects this one. */
  superseded: z.boolean(),
});
export type DistributionEntry = z.infer<typeof DistributionEntry>;

export const RetentionPolicy = z.object({ id: Id, name: z.string(), years: z.number().int(), basis: z.string(), retired: z.boolean() });
export type RetentionPolicy = z.infer<typeof RetentionPolicy>;

export const AuditRetention = z.object({
  policyId: Id,
  policyName: z.string(),
  years: z.number().int(),
  chosenBy: z.string().nullable(),
  chosenAt: UtcTimestamp.nullable(),
});
export type AuditRetention = z.infer<typeof AuditRetention>;

/** What the archive says of each issued report beyond its file. */
export const ReportAudience = z.object({
  /** The policy it is kept under, as it was when issued ("SOX, 7 years"). */
  retentionPolicy: z.string(),
  approval: z.object({ reviewer: z.string(), role: z.enum(reviewerRoles), approvedAt: UtcTimestamp, comment: z.string() }).nullable(),
  recipients: z.array(DistributionEntry),
  removed: z.object({ removedBy: z.string(), removedAt: UtcTimestamp, reason: z.string() }).nullable(),
});

const Years = z.number({ message: 'must be a number of years' }).int('must be a whole number of years').min(1, 'must be at least 1 year').max(100, 'must be at most 100 years');

export const reportAudienceContract = {
  'reports.approve': defineMethod({
    summary: "Record a compliance or legal reviewer's approval of the audit's external edition as it stands now (who, role, comment).",
    input: z.strictObject({ auditId: Id, reviewer: requiredText('Reviewer', 200), role: z.enum(reviewerRoles, { message: 'must be compliance or legal' }), comment: text('Comment', 2000).default('') }),
    output: ExternalApproval,
  }),
  'reports.approvals': defineMethod({
    summary: "Every approval of the audit's external edition, newest first, and the one covering it as it stands (if any).",
    input: z.strictObject({ auditId: Id }),
    output: ApprovalState,
  }),
  'reports.distribute': defineMethod({
    summary: 'Record that an issued report was sent to someone (name, role, organisation, date sent); correctsId corrects or withdraws an earlier entry.',
    input: z.strictObject({
      reportId: Id,
      name: requiredText('Name', 200),
      role: text('Role', 120).default(''),
      organisation: text('Organisation', 200).default(''),
      sentOn: CalendarDate,
      correctsId: Id.optional(),
      withdrawn: z.boolean().default(false),
    }),
    output: DistributionEntry,
  }),
  'reports.remove': defineMethod({
    summary: 'Take an issued report out of the archive; refused until its retain-until date has passed.',
    input: z.strictObject({ id: Id, reason: requiredText('Reason', 500) }),
    output: z.object({ removedAt: UtcTimestamp }),
  }),
  'reports.retentionPolicies': defineMethod({
    summary: 'The retention policies reports can be kept under (SOX 7 years, HIPAA 6 years, …), retired ones too.',
    input: z.strictObject({}).default({}),
    output: z.array(RetentionPolicy),
  }),
  'reports.saveRetentionPolicy': defineMethod({
    summary: 'Add a retention policy to the list (no id), or change or retire one.',
    input: z.strictObject({ id: Id.optional(), name: requiredText('Name', 120), years: Years, basis: text('Basis', 500).default(''), retired: z.boolean().default(false) }),
    output: RetentionPolicy,
  }),
  'reports.retention': defineMethod({
    summary: "The retention policy the audit's next reports are kept under (the default until one is chosen).",
    input: z.strictObject({ auditId: Id }),
    output: AuditRetention,
  }),
  'reports.chooseRetention': defineMethod({
    summary: "Choose the retention policy the audit's reports are kept under from now on (reports issued already keep their date).",
    input: z.strictObject({ auditId: Id, policyId: Id }),
    output: AuditRetention,
  }),
};
