import { z } from 'zod';
import { severities } from '../enums';
import { ControlId, Id, ItemKey, UtcTimestamp, requiredText, text } from './common';
import { defineMethod } from './define';
import { LineRange } from './imports';
import { conditionIssues, isPath, type Condition } from './rule-conditions';

// Rule packs: versioned YAML rules that read the facts imported from pipeline logs, deployment
// output, change records and git history (and the release's own records), and draft findings with
// the lines that prove them. The language is small on purpose: named operators over named values,
// no expressions, nothing evaluated.

export const RULE_PACK_SCHEMA = 'release-audit/rule-pack@1';

/** What a rule looks at, one at a time: a fact of a kind, a ticket a commit names, or the release. */
export const ruleSubjects = [
  'run',
  'step',
  'message',
  'artifact',
  'host-status',
  'task-result',
  'rollout',
  'analysis-metric',
  'change',
  'approval',
  'transition',
  'commit',
  'tag',
  'test-suite',
  'test-failure',
  'test-totals',
  'scan-run',
  'scan-result',
  'sbom-document',
  'sbom-component',
  'vulnerability',
  'vex-statement',
  'config-difference',
  'drift-change',
  'commit-ticket',
  'release',
] as const;
export type RuleSubject = (typeof ruleSubjects)[number];

export { conditionIssues, conditionOperators, isPath, pathScopes, type Condition, type ConditionOperator, type Operand, type Scalar } from './rule-conditions';

const ConditionSchema = z.unknown().superRefine((value, ctx) => {
  for (const issue of conditionIssues(value)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}) as unknown as z.ZodType<Condition>;

const RulePath = z.string({ message: 'must be a path' }).refine(isPath, 'must be a path like release.approvalFact (starting with fact, derived, ticket, release, params or audit)');

export const Rule = z.strictObject({
  id: ItemKey,
  title: requiredText('Title', 300),
  severity: z.enum(severities, { message: `must be one of ${severities.join(', ')}` }),
  control: ControlId,
  /** What should be: the requirement the rule checks. */
  criteria: requiredText('Criteria', 5000),
  /** What was found, with {paths} filled in from the values the rule saw. */
  condition: requiredText('Condition', 5000),
  effect: text('Effect', 5000).default(''),
  recommendation: text('Recommendation', 5000).default(''),
  for: z.enum(ruleSubjects, { message: `must be one of ${ruleSubjects.join(', ')}` }),
  when: ConditionSchema,
  /** The facts that prove it besides the one looked at (release.approvalFact, release.changeFact …). */
  cite: z.array(RulePath).max(20).default([]),
});
export type Rule = z.infer<typeof Rule>;

const ParamList = z.array(z.union([z.string().max(500), z.number()])).max(500);
/** A pack's own parameter besides the known ones: a value, a list, or lists by name (as roles are). */
const ParamValue = z.union([z.string().max(2000), z.number(), z.boolean(), ParamList, z.record(z.string().max(120), ParamList)]);

/** A regular expression of a parameter: short, and one that compiles. */
const Pattern = z
  .string()
  .min(1)
  .max(200, 'a pattern is at most 200 characters')
  .refine((value) => {
    try {
      new RegExp(value, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid regular expression');

export const PackParameters = z
  .object({
    /** How many hours after an emergency deployment its approval may come. */
    emergencyApprovalHours: z.number({ message: 'must be a number of hours' }).positive('must be more than 0').max(24 * 365).default(24),
    /** The roles whose members may re-run a pipeline by hand during a deployment. */
    allowedRerunRoles: z.array(z.string().min(1).max(120)).max(100).default([]),
    /** Who holds each role (names as the pipeline logs them). */
    roles: z.record(z.string().min(1).max(120), z.array(z.string().min(1).max(200)).max(500)).default({}),
    /** Ticket ids a commit message may carry. */
    ticketPatterns: z.array(Pattern).max(20).default(['[A-Z][A-Z0-9]+-\\d+']),
    /** Ticket states that count as approved or done (compared without regard to case). */
    doneStates: z.array(z.string().min(1).max(120)).max(100).default(['approved', 'done', 'closed', 'resolved', 'implemented', 'scheduled', 'review']),
  })
  .catchall(ParamValue);
export type PackParameters = z.infer<typeof PackParameters>;

export const PackContent = z
  .strictObject({
    name: requiredText('Name', 200),
    description: text('Description', 5000).default(''),
    parameters: PackParameters.default(PackParameters.parse({})),
    rules: z.array(Rule).min(1, 'a pack needs at least one rule').max(500, 'a pack holds at most 500 rules'),
  })
  .superRefine((pack, ctx) => {
    const seen = new Set<string>();
    pack.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `"${rule.id}" is used by another rule` });
      seen.add(rule.id);
    });
  });
export type PackContent = z.infer<typeof PackContent>;

/** A pack file as a person writes it: the schema, the pack it is a version of (absent for a new pack), and its content. */
export const PackFile = z.strictObject({
  schema: z.string(),
  id: z.uuid({ message: 'must be a rule pack id (a UUID)' }).optional(),
  name: requiredText('Name', 200),
  description: text('Description', 5000).default(''),
  parameters: z.unknown().optional(),
  rules: z.unknown(),
});

export const RulePackVersionSummary = z.object({
  id: Id,
  version: z.number().int().positive(),
  publishedAt: UtcTimestamp,
  publishedBy: z.string(),
  reason: z.string(),
  rules: z.number().int(),
});

export const RulePack = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  createdAt: UtcTimestamp,
  createdBy: z.string(),
  updatedAt: UtcTimestamp,
  /** Newest first. */
  versions: z.array(RulePackVersionSummary),
});
export type RulePack = z.infer<typeof RulePack>;

export const RulePackVersion = z.object({
  id: Id,
  packId: Id,
  packName: z.string(),
  version: z.number().int().positive(),
  content: PackContent,
  /** The YAML text as saved (what the editor shows and a reviewer reads). */
  source: z.string(),
  publishedAt: UtcTimestamp,
  publishedBy: z.string(),
  reason: z.string(),
});
export type RulePackVersion = z.infer<typeof RulePackVersion>;

export const RulePackDiff = z.object({
  from: z.object({ id: Id, version: z.number().int() }),
  to: z.object({ id: Id, version: z.number().int() }),
  changes: z.array(
    z.object({
      kind: z.enum(['added', 'removed', 'changed', 'moved']),
      subject: z.enum(['pack', 'rule', 'parameter']),
      key: z.string(),
      text: z.string(),
    }),
  ),
});
export type RulePackDiff = z.infer<typeof RulePackDiff>;

export const RulePin = z.object({
  auditId: Id,
  packId: Id,
  packName: z.string(),
  packVersionId: Id,
  version: z.number().int(),
  /** False when the audit has no pin of its own and runs the shipped pack's first version. */
  pinned: z.boolean(),
  pinnedAt: UtcTimestamp.nullable(),
  pinnedBy: z.string(),
});
export type RulePin = z.infer<typeof RulePin>;

export const draftStates = ['draft', 'confirmed', 'dismissed'] as const;

/** One fact that proves a drafted finding: which import (and evidence) it came from, and its lines. */
export const ProofLine = z.object({
  factId: Id,
  importId: Id,
  evidenceId: Id,
  kind: z.string(),
  lines: LineRange,
});
export type ProofLine = z.infer<typeof ProofLine>;

export const RuleDraft = z.object({
  id: Id,
  auditId: Id,
  releaseId: Id.nullable(),
  packId: Id,
  packVersionId: Id,
  packName: z.string(),
  packVersion: z.number().int(),
  ruleId: z.string(),
  severity: z.enum(severities),
  title: z.string(),
  criteria: z.string(),
  condition: z.string(),
  controlId: z.string().nullable(),
  proof: z.array(ProofLine),
  state: z.enum(draftStates),
  dismissReason: z.string(),
  findingId: Id.nullable(),
  draftedAt: UtcTimestamp,
  draftedBy: z.string(),
  decidedAt: UtcTimestamp.nullable(),
  decidedBy: z.string(),
});
export type RuleDraft = z.infer<typeof RuleDraft>;

export const RunSummary = z.object({
  packVersionId: Id,
  packName: z.string(),
  version: z.number().int(),
  /** Releases whose facts were read (and whether facts without a release were too). */
  releases: z.number().int(),
  /** Facts read: those of the kinds the pack's rules and the release's view look at. */
  factsRead: z.number().int(),
  /** New drafts written by this run. */
  drafted: z.number().int(),
  /** Matches that had been drafted before (by an earlier run): not drafted again. */
  alreadyDrafted: z.number().int(),
  bySeverity: z.record(z.enum(severities), z.number().int()),
  byRule: z.record(z.string(), z.number().int()),
});
export type RunSummary = z.infer<typeof RunSummary>;

const scope = z.strictObject({ auditId: Id, releaseId: Id.optional() });

export const rulesContract = {
  'rules.listPacks': defineMethod({
    summary: 'Every rule pack (the shipped default and any a team saved), each with its versions newest first.',
    input: z.strictObject({}).default({}),
    output: z.array(RulePack),
  }),
  'rules.getPack': defineMethod({
    summary: 'One rule pack with its versions, newest first.',
    input: z.strictObject({ id: Id }),
    output: RulePack,
  }),
  'rules.versions': defineMethod({
    summary: "A pack's published versions in full (content and YAML source), newest first.",
    input: z.strictObject({ packId: Id }),
    output: z.array(RulePackVersion),
  }),
  'rules.getVersion': defineMethod({
    summary: 'One published pack version: its rules, parameters and the YAML it was saved from.',
    input: z.strictObject({ id: Id }),
    output: RulePackVersion,
  }),
  'rules.saveVersion': defineMethod({
    summary:
      'Save YAML text (schema release-audit/rule-pack@1) as the next version of the pack its `id` names, or as a new pack when it has none. Bad YAML or a bad rule is refused with its line; nothing is stored then.',
    startsDataFolder: true,
    input: z.strictObject({
      text: z.string().max(5_000_000, 'the file is larger than 5 MB'),
      fileName: text('File name', 500).default('rules.yaml'),
      reason: text('Reason', 2000).default(''),
    }),
    output: RulePackVersion,
  }),
  'rules.diff': defineMethod({
    summary: 'What changed between two versions of one pack: rules added, removed, changed or moved, and parameters changed.',
    input: z.strictObject({ fromVersionId: Id, toVersionId: Id }),
    output: RulePackDiff,
  }),
  'rules.pin': defineMethod({
    summary: "Pin an audit to one pack version: its rules run with that version until it is pinned to another.",
    input: z.strictObject({ auditId: Id, packVersionId: Id }),
    output: RulePin,
  }),
  'rules.pinned': defineMethod({
    summary: 'The pack version an audit runs: its own pin, or the shipped default when it has none.',
    input: z.strictObject({ auditId: Id }),
    output: RulePin,
  }),
  'rules.run': defineMethod({
    summary:
      "Run the audit's pinned pack over the facts imported into the audit (or one release) and the releases' own records; drafts each match once (running again drafts only new matches) and answers the counts.",
    input: scope,
    output: RunSummary,
  }),
  'rules.drafts': defineMethod({
    summary: 'The findings the rules drafted for the audit (or one release), most severe first, with the proving facts and their lines.',
    input: scope.extend({ state: z.enum(draftStates).optional() }),
    output: z.array(RuleDraft),
  }),
  'rules.confirm': defineMethod({
    summary:
      'Confirm a drafted finding: it becomes a finding (in draft) with its criteria, condition, severity and control, citing the evidence of the proving imports, and saying which rule and pack version drafted it.',
    input: z.strictObject({ id: Id }),
    output: z.object({ draft: RuleDraft, findingId: Id }),
  }),
  'rules.dismiss': defineMethod({
    summary: 'Dismiss a drafted finding, saying why; the reason is kept with who dismissed it and when.',
    input: z.strictObject({ id: Id, reason: requiredText('Reason', 2000) }),
    output: RuleDraft,
  }),
};
