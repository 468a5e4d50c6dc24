import { z } from 'zod';
import { dataSources, scopeModes, successCriterionKinds } from '../plan-options';
import { CalendarDate, Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod, updatesOf } from './define';

const list = (label: string, max = 50) => z.array(requiredText(label, 300)).max(max);

export const RegulatoryDriver = z.strictObject({
  id: requiredText('Regulation id', 40),
  name: requiredText('Regulation name', 200),
  adds: text('What it adds to the criteria', 5000).default(''),
});

export const criterionJudgements = ['not-judged', 'met', 'partly-met', 'not-met'] as const;
export const criterionJudgementLabels: Record<(typeof criterionJudgements)[number], string> = { 'not-judged': 'Not judged yet', met: 'Met', 'partly-met': 'Partly met', 'not-met': 'Not met' };

export const SuccessCriterion = z.strictObject({
  kind: z.enum(successCriterionKinds),
  description: requiredText('Success criterion', 2000),
  /** Whether it was met: the auditor's judgement, with what it rests on. */
  met: z.enum(criterionJudgements).default('not-judged'),
  basis: text('Basis of the judgement', 2000).default(''),
});

/** The auditor's overall conclusion on the audit. */
export const conclusionRatings = ['satisfactory', 'needs-improvement', 'unsatisfactory'] as const;
export type ConclusionRating = (typeof conclusionRatings)[number];
export const conclusionRatingLabels: Record<ConclusionRating, string> = { satisfactory: 'Satisfactory', 'needs-improvement': 'Needs improvement', unsatisfactory: 'Unsatisfactory' };

export const FindingOwner = z.strictObject({
  role: requiredText('Role', 100),
  person: text('Person', 200).default(''),
});

export const AccessRequest = z.strictObject({
  key: requiredText('Key', 80),
  dataSource: z.enum(dataSources),
  description: text('Description', 500).default(''),
  requestedOn: CalendarDate.nullable().default(null),
  requestedFrom: text('Requested from', 200).default(''),
  grantedOn: CalendarDate.nullable().default(null),
  grantedBy: text('Granted by', 200).default(''),
});

export const metricOperators = ['>=', '>', '='] as const;

export const EscalationRule = z.strictObject({
  key: requiredText('Key', 80),
  metric: requiredText('Metric', 80),
  operator: z.enum(metricOperators),
  threshold: z
    .number({ error: (issue) => (issue.input === undefined || typeof issue.input !== 'number' ? 'must be a number' : undefined) })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(1_000_000, 'must be at most 1,000,000'),
  note: text('Note', 500).default(''),
});
export type EscalationRule = z.infer<typeof EscalationRule>;

export const PlanFields = z.strictObject({
  objective: text('Objective', 5000),
  scopeMode: z.enum(scopeModes),
  riskCriteria: text('Risk criteria', 5000),
  environmentsIn: list('Environment'),
  environmentsOut: list('Environment'),
  preProductionIncluded: z.boolean(),
  thirdPartyIntegrations: list('Integration'),
  vendorTeams: list('Team'),
  announced: z.boolean(),
  scheduleStart: CalendarDate.nullable(),
  scheduleEnd: CalendarDate.nullable(),
  scheduleNotes: text('Schedule notes', 2000),
  regulatoryDrivers: z.array(RegulatoryDriver).max(20),
  successCriteria: z.array(SuccessCriterion).max(50),
  findingOwners: z.array(FindingOwner).max(50),
  accessRequests: z.array(AccessRequest).max(100),
  escalationRules: z.array(EscalationRule).max(50),
  /** Halt the deployment when the error rate of a batch goes above this (war-room halt checks). */
  haltThresholdPercent: z.number().min(0).max(100).nullable(),
  /** The recovery time objective a rollback is judged against. */
  rtoTargetMinutes: z.number().int().positive().max(10_000).nullable(),
  /** Draft a finding (rule EMG-SHARE) when emergency releases are more than this share of the audit's releases. */
  emergencyShareThresholdPercent: z.number({ message: 'Emergency share threshold must be a number' }).min(0, 'Emergency share threshold must be 0 or more').max(100, 'Emergency share threshold must be at most 100').nullable().default(null),
  /** The overall conclusion (a rating and a paragraph): written on the Reports screen, required before finalising. */
  conclusionRating: z.enum(conclusionRatings, { message: 'Conclusion must be satisfactory, needs-improvement or unsatisfactory' }).nullable(),
  conclusionText: text('Conclusion', 10000),
});
export type PlanFields = z.infer<typeof PlanFields>;
/** What a caller may give: a success criterion without its judgement yet, say. */
export type PlanInput = z.input<typeof PlanFields>;

export const AuditPlan = PlanFields.extend({ auditId: Id, updatedAt: UtcTimestamp.nullable() });
export type AuditPlan = z.infer<typeof AuditPlan>;

export const RuleEvaluation = z.object({
  rule: EscalationRule,
  metricLabel: z.string(),
  observed: z.number(),
  breached: z.boolean(),
  sentence: z.string(),
});
export type RuleEvaluation = z.infer<typeof RuleEvaluation>;

export const Metric = z.object({ id: z.string(), label: z.string(), description: z.string() });

export const plansContract = {
  'plans.get': defineMethod({
    summary: "An audit's plan (an empty plan until it is first saved).",
    input: z.strictObject({ auditId: Id }),
    output: AuditPlan,
  }),
  'plans.save': defineMethod({
    summary: "Save any fields of an audit's plan.",
    input: updatesOf(PlanFields).extend({ auditId: Id }),
    output: AuditPlan,
  }),
  'escalation.metrics': defineMethod({
    summary: 'What escalation thresholds can be set on.',
    input: z.strictObject({}).default({}),
    output: z.array(Metric),
  }),
  'escalation.evaluate': defineMethod({
    summary: "Every escalation rule of an audit's plan against the audit's data now.",
    input: z.strictObject({ auditId: Id }),
    output: z.array(RuleEvaluation),
  }),
};

