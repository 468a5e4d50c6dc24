import { z } from 'zod';
import { releaseStages, severities } from '../enums';
import { CalendarDate, ControlId, Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod, updatesOf } from './define';
import { pageInput } from './paging';

// Findings: criteria, condition, cause, effect and recommendation, with an owner, a due date, and a
// status that moves only forward (or to risk accepted), never out of draft while incomplete.

export const findingStatuses = ['draft', 'open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted'] as const;
export type FindingStatus = (typeof findingStatuses)[number];

/** Where each status may go next. */
export const findingTransitions: Record<FindingStatus, FindingStatus[]> = {
  draft: ['open'],
  open: ['in-remediation', 'risk-accepted'],
  'in-remediation': ['ready-for-verification', 'risk-accepted'],
  'ready-for-verification': ['closed', 'in-remediation', 'risk-accepted'],
  closed: [],
  'risk-accepted': [],
};

export const FindingFields = z.strictObject({
  title: requiredText('Title', 300),
  severity: z.enum(severities, { message: `must be one of ${severities.join(', ')}` }).default('major'),
  controlId: ControlId.nullable().default(null),
  stage: z.enum(releaseStages, { message: `must be one of ${releaseStages.join(', ')}` }).nullable().default(null),
  criteria: text('Criteria', 10000).default(''),
  condition: text('Condition', 10000).default(''),
  cause: text('Cause', 10000).default(''),
  effect: text('Effect', 10000).default(''),
  recommendation: text('Recommendation', 10000).default(''),
  ownerRole: text('Owner role', 120).default(''),
  ownerName: text('Owner', 200).default(''),
  dueAt: CalendarDate.nullable().default(null),
  confidential: z.boolean().default(false),
});
export type FindingFields = z.infer<typeof FindingFields>;

export const Finding = FindingFields.extend({
  id: Id,
  auditId: Id,
  status: z.enum(findingStatuses),
  acceptedBy: z.string(),
  acceptedReason: z.string(),
  evidenceCount: z.number().int(),
  /** The same control failing for the same root cause in an earlier audit, and how often it has. */
  repeatOf: z.object({ id: Id, auditId: Id, auditName: z.string(), title: z.string(), status: z.enum(findingStatuses) }).nullable(),
  repeatCount: z.number().int(),
  createdAt: UtcTimestamp,
  updatedAt: UtcTimestamp,
});
export type Finding = z.infer<typeof Finding>;

/** A row of the findings list: everything but the long texts, which findings.get gives. */
export const FindingSummary = Finding.omit({ criteria: true, condition: true, cause: true, effect: true, recommendation: true, acceptedReason: true });
export type FindingSummary = z.infer<typeof FindingSummary>;

/** Pages of the list come by severity (critical first), newest first within a severity. */
export const FindingPage = z.object({
  rows: z.array(FindingSummary),
  /** Findings of the audit in all, and per severity (for the group headings while pages still load). */
  total: z.number().int(),
  counts: z.record(z.enum(severities), z.number().int()),
  /** Pass it back to get the next page; null after the last one. */
  nextCursor: z.string().nullable(),
});
export type FindingPage = z.infer<typeof FindingPage>;

export const OwnerTrend = z.object({
  owner: z.string(),
  audits: z.array(z.object({ auditId: Id, auditName: z.string(), createdAt: UtcTimestamp, open: z.number().int(), closed: z.number().int(), accepted: z.number().int(), overdue: z.number().int() })),
});
export type OwnerTrend = z.infer<typeof OwnerTrend>;

export const findingsContract = {
  'findings.create': defineMethod({
    summary: 'Raise a finding (as a draft) on an audit.',
    input: updatesOf(FindingFields).extend({ auditId: Id, title: requiredText('Title', 300) }),
    output: Finding,
  }),
  'findings.update': defineMethod({
    summary: 'Save any fields of a finding.',
    input: updatesOf(FindingFields).extend({ id: Id }),
    output: Finding,
  }),
  'findings.transition': defineMethod({
    summary: 'Move a finding along its workflow; leaving draft needs criteria, condition, cause, effect, recommendation and evidence.',
    input: z.strictObject({
      id: Id,
      to: z.enum(findingStatuses),
      acceptedBy: text('Accepted by', 200).default(''),
      reason: text('Reason', 5000).default(''),
    }),
    output: Finding,
  }),
  'findings.discard': defineMethod({
    summary: 'Remove a finding that is still a draft (the ledger keeps that it existed).',
    input: z.strictObject({ id: Id }),
    output: z.object({ discarded: z.boolean() }),
  }),
  'findings.raiseFromResult': defineMethod({
    summary: 'Raise a draft finding from a failed checklist item, in one action.',
    input: z.strictObject({ resultId: Id }),
    output: Finding,
  }),
  'findings.trends': defineMethod({
    summary: 'Findings per owner across every audit on this laptop: open, closed, accepted, overdue.',
    input: z.strictObject({}).default({}),
    output: z.array(OwnerTrend),
  }),
  'findings.list': defineMethod({
    summary: "One page of an audit's findings (summary rows, by severity, newest first), with the total and the cursor of the next page.",
    input: z.strictObject({
      auditId: Id,
      ...pageInput,
    }),
    output: FindingPage,
  }),
  'findings.get': defineMethod({
    summary: 'One finding with all its fields.',
    input: z.strictObject({ id: Id }),
    output: Finding,
  }),
};
