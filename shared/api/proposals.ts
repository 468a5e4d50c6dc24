import { z } from 'zod';
import { Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod } from './define';
import { TemplateDiff, TemplateItem } from './templates';

// Template proposals: where findings repeat across audit cycles or a checklist item fails in several
// releases, a change to the checklist template is proposed with the findings and failures behind it.
// Accepting writes the change into the template's draft (published by the normal template flow, with
// a reason naming the findings); declining keeps the reason. Either way the proposal is not offered again.

export const proposalKinds = ['new-item', 'stronger-wording', 'new-control-point'] as const;
export type ProposalKind = (typeof proposalKinds)[number];
export const proposalKindLabels: Record<ProposalKind, string> = {
  'new-item': 'New item',
  'stronger-wording': 'Stronger wording',
  'new-control-point': 'New control point',
};

/** When a proposal is made: a root cause in findings of this many audits, or an item failed in this many releases. */
export const ProposalThresholds = z.object({ repeatAudits: z.number().int(), failedReleases: z.number().int() });
export type ProposalThresholds = z.infer<typeof ProposalThresholds>;

export const ProposalFinding = z.object({ id: Id, auditId: Id, auditName: z.string(), title: z.string(), cause: z.string(), status: z.string() });
export type ProposalFinding = z.infer<typeof ProposalFinding>;

export const ProposalFailure = z.object({
  resultId: Id,
  auditId: Id,
  auditName: z.string(),
  releaseId: Id,
  releaseIdentifier: z.string(),
  itemKey: z.string(),
  note: z.string(),
});
export type ProposalFailure = z.infer<typeof ProposalFailure>;

export const Proposal = z.object({
  /** Stable across computations: a decision is kept against it. */
  key: z.string(),
  kind: z.enum(proposalKinds),
  templateId: Id,
  templateName: z.string(),
  controlId: z.string().nullable(),
  summary: z.string(),
  /** Why it is proposed, with the threshold it passed. */
  why: z.string(),
  findings: z.array(ProposalFinding),
  failures: z.array(ProposalFailure),
  /** The item as the draft has it now (null for a new item) and as the proposal would make it. */
  before: TemplateItem.nullable(),
  after: TemplateItem,
  /** The change to the template's draft, as the template diff words it. */
  diff: TemplateDiff.shape.changes,
  /** The reason the template's next version would be published with: it names the findings and failures. */
  publishReason: z.string(),
});
export type Proposal = z.infer<typeof Proposal>;

export const ProposalDecision = z.object({
  id: Id,
  proposalKey: z.string(),
  templateId: Id,
  kind: z.enum(proposalKinds),
  decision: z.enum(['accepted', 'declined']),
  summary: z.string(),
  reason: z.string(),
  publishReason: z.string(),
  decidedAt: UtcTimestamp,
  decidedBy: z.string(),
});
export type ProposalDecision = z.infer<typeof ProposalDecision>;

export const ProposalList = z.object({ thresholds: ProposalThresholds, proposals: z.array(Proposal), decided: z.array(ProposalDecision) });
export type ProposalList = z.infer<typeof ProposalList>;

const ProposalKey = z.string({ message: 'must be text' }).min(1, 'must name a proposal').max(300);

export const proposalsContract = {
  'proposals.list': defineMethod({
    summary: 'Template changes proposed from repeat findings and checklist items failing in several releases, with the findings and failures behind each, and the decisions already made.',
    input: z.strictObject({}),
    output: ProposalList,
  }),
  'proposals.accept': defineMethod({
    summary: "Accepts a proposal: its change is written into the template's draft, to be reviewed and published with a reason naming the findings behind it.",
    input: z.strictObject({ key: ProposalKey, note: text('Note', 2000).default('') }),
    output: z.object({ decision: ProposalDecision, templateId: Id, publishReason: z.string() }),
  }),
  'proposals.decline': defineMethod({
    summary: 'Declines a proposal with the reason; it is not offered again.',
    input: z.strictObject({ key: ProposalKey, reason: requiredText('Reason', 2000) }),
    output: ProposalDecision,
  }),
  'proposals.draftReason': defineMethod({
    summary: "The publish reason of the proposals accepted into a template's draft since its last version (empty when none).",
    input: z.strictObject({ templateId: Id }),
    output: z.object({ reason: z.string() }),
  }),
};
