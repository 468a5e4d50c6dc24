import { z } from 'zod';
import { Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod } from './define';

// Maturity assessment: standard models (ITIL 4 practice capability, COBIT 2019 process capability)
// whose levels hold criteria the auditor judges with evidence, one assessment per audit and model.
// A practice is at the highest level whose criteria, and those of every level below, are all met.

export const MATURITY_MODEL_SCHEMA = 'release-audit/maturity-model@1';

const Key = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,79}$/, 'must be lower-case letters, digits, dots and dashes (at most 80)');
const Level = z.number({ message: 'must be a level number' }).int('must be a whole number').min(0, 'must be 0 to 5').max(5, 'must be 0 to 5');

export const MaturityCriterion = z.strictObject({ id: Key, text: requiredText('Criterion', 1000) });
export type MaturityCriterion = z.infer<typeof MaturityCriterion>;

/** One step of the model's scale, with the published meaning it restates and where that is from. */
export const MaturityScaleLevel = z.strictObject({
  level: Level,
  title: requiredText('Level title', 100),
  meaning: requiredText('Level meaning', 1000),
  source: requiredText('Source', 500),
});

export const MaturityPractice = z.strictObject({
  id: Key,
  name: requiredText('Practice name', 200),
  purpose: text('Purpose', 1000).default(''),
  source: requiredText('Source', 500),
  levels: z.array(z.strictObject({ level: Level, criteria: z.array(MaturityCriterion).min(1, 'a level needs at least one criterion').max(50) })).max(6),
});
export type MaturityPractice = z.infer<typeof MaturityPractice>;

/** A model as published: its scale from the floor up, and each practice's criteria per level above the floor. */
export const MaturityModelContent = z
  .strictObject({
    key: Key,
    name: requiredText('Model name', 200),
    description: text('Description', 2000).default(''),
    /** The lowest level, reached with nothing met (COBIT's 0, ITIL's 1); it has no criteria. */
    floor: Level,
    levels: z.array(MaturityScaleLevel).min(2, 'a scale needs at least two levels').max(6),
    practices: z.array(MaturityPractice).min(1, 'a model needs at least one practice').max(50),
  })
  .superRefine((model, ctx) => {
    model.levels.forEach((step, index) => {
      if (step.level !== model.floor + index) ctx.addIssue({ code: 'custom', path: ['levels', index, 'level'], message: `must be ${model.floor + index}: the scale counts up by one from the floor (${model.floor})` });
    });
    const top = model.floor + model.levels.length - 1;
    const seen = new Set<string>();
    model.practices.forEach((practice, p) => {
      if (seen.has(`practice:${practice.id}`)) ctx.addIssue({ code: 'custom', path: ['practices', p, 'id'], message: `the practice id "${practice.id}" is used twice` });
      seen.add(`practice:${practice.id}`);
      practice.levels.forEach((entry, l) => {
        const expected = model.floor + 1 + l;
        if (entry.level !== expected) ctx.addIssue({ code: 'custom', path: ['practices', p, 'levels', l, 'level'], message: `must be ${expected}: each practice lists the levels above the floor (${model.floor}) in order, once each` });
        entry.criteria.forEach((criterion, c) => {
          if (seen.has(criterion.id)) ctx.addIssue({ code: 'custom', path: ['practices', p, 'levels', l, 'criteria', c, 'id'], message: `the criterion id "${criterion.id}" is used twice` });
          seen.add(criterion.id);
        });
      });
      if (practice.levels.length !== top - model.floor) ctx.addIssue({ code: 'custom', path: ['practices', p, 'levels'], message: `must list levels ${model.floor + 1} to ${top}, one entry each (found ${practice.levels.length})` });
    });
  });
export type MaturityModelContent = z.infer<typeof MaturityModelContent>;

export const judgementStatuses = ['met', 'not-met', 'not-assessed'] as const;
export type JudgementStatus = (typeof judgementStatuses)[number];

export const MaturityModel = z.object({
  id: Id,
  key: z.string(),
  name: z.string(),
  description: z.string(),
  draft: MaturityModelContent,
  updatedAt: UtcTimestamp,
  hasUnpublishedChanges: z.boolean(),
  versions: z.array(z.object({ id: Id, version: z.number().int().positive(), publishedAt: UtcTimestamp, publishedBy: z.string(), reason: z.string() })),
});
export type MaturityModel = z.infer<typeof MaturityModel>;

export const MaturityModelVersion = z.object({
  id: Id,
  modelId: Id,
  version: z.number().int().positive(),
  content: MaturityModelContent,
  publishedAt: UtcTimestamp,
  publishedBy: z.string(),
  reason: z.string(),
});
export type MaturityModelVersion = z.infer<typeof MaturityModelVersion>;

export const MaturityDiff = z.object({
  from: z.object({ id: Id, version: z.number().int() }),
  to: z.object({ id: Id, version: z.number().int() }),
  changes: z.array(z.object({ kind: z.enum(['added', 'removed', 'changed']), subject: z.enum(['model', 'level', 'practice', 'criterion']), key: z.string(), text: z.string() })),
});
export type MaturityDiff = z.infer<typeof MaturityDiff>;

export const JudgedCriterion = z.object({
  id: z.string(),
  text: z.string(),
  status: z.enum(judgementStatuses),
  note: z.string(),
  evidenceIds: z.array(Id),
  judgedBy: z.string().nullable(),
  judgedAt: UtcTimestamp.nullable(),
});
export type JudgedCriterion = z.infer<typeof JudgedCriterion>;

export const PracticeAssessment = z.object({
  id: z.string(),
  name: z.string(),
  purpose: z.string(),
  /** The level reached: the floor, or the highest level whose criteria and all below are met. */
  level: z.number().int(),
  levelTitle: z.string(),
  /** The next level, or null at the top of the scale. */
  nextLevel: z.number().int().nullable(),
  /** What stands between the practice and its next level: the criteria up to it not met. */
  gap: z.array(JudgedCriterion.extend({ level: z.number().int() })),
  levels: z.array(z.object({ level: z.number().int(), title: z.string(), meaning: z.string(), source: z.string(), allMet: z.boolean(), criteria: z.array(JudgedCriterion) })),
});
export type PracticeAssessment = z.infer<typeof PracticeAssessment>;

export const MaturityAssessment = z.object({
  auditId: Id,
  modelId: Id,
  /** Null until the first judgement: the view then shows the newest version of the model. */
  assessmentId: Id.nullable(),
  version: z.object({ id: Id, version: z.number().int(), publishedAt: UtcTimestamp }),
  /** The newest published version, which a new assessment would pin. */
  latestVersion: z.number().int(),
  modelName: z.string(),
  floor: z.number().int(),
  top: z.number().int(),
  frozen: z.boolean(),
  practices: z.array(PracticeAssessment),
  counts: z.object({ met: z.number().int(), notMet: z.number().int(), notAssessed: z.number().int() }),
});
export type MaturityAssessment = z.infer<typeof MaturityAssessment>;

export const MaturityHistory = z.object({
  modelId: Id,
  modelName: z.string(),
  practices: z.array(z.object({ id: z.string(), name: z.string() })),
  /** One row per audit that assessed the model, ordered by the audit's period. */
  cycles: z.array(
    z.object({
      auditId: Id,
      auditName: z.string(),
      /** The date the audit's period starts (its plan's schedule, else its first release window, else its creation). */
      periodStart: z.string(),
      version: z.number().int(),
      /** The level of each practice by practice id; null when the version assessed did not have it. */
      levels: z.record(z.string(), z.number().int().nullable()),
      /** How many criteria of each practice were judged (met or not met) in that audit. */
      judged: z.record(z.string(), z.number().int()),
    }),
  ),
});
export type MaturityHistory = z.infer<typeof MaturityHistory>;

const ofAssessment = { auditId: Id, modelId: Id };

export const maturityContract = {
  'maturity.models': defineMethod({
    summary: 'Every maturity model with its published versions.',
    input: z.strictObject({}).default({}),
    output: z.array(MaturityModel),
  }),
  'maturity.saveDraft': defineMethod({
    summary: "Save a maturity model's draft from the text of its YAML file; refused with the line of the first mistake.",
    input: z.strictObject({ id: Id, text: z.string().max(2_000_000, 'the model is larger than 2 MB') }),
    output: MaturityModel,
  }),
  'maturity.publish': defineMethod({
    summary: "Publish a model's draft as its next immutable version, saying why.",
    input: z.strictObject({ id: Id, reason: requiredText('Reason', 2000) }),
    output: MaturityModelVersion,
  }),
  'maturity.version': defineMethod({
    summary: 'One published version of a model, as it was published.',
    input: z.strictObject({ id: Id }),
    output: MaturityModelVersion,
  }),
  'maturity.export': defineMethod({
    summary: "A model's draft or one published version as its YAML file.",
    input: z.strictObject({ modelId: Id, versionId: Id.optional() }),
    output: z.object({ fileName: z.string(), text: z.string() }),
  }),
  'maturity.diff': defineMethod({
    summary: 'What changed between two published versions of a model.',
    input: z.strictObject({ fromVersionId: Id, toVersionId: Id }),
    output: MaturityDiff,
  }),
  'maturity.assessment': defineMethod({
    summary: "An audit's assessment against a model: each criterion's judgement, the level per practice and its gap.",
    input: z.strictObject(ofAssessment),
    output: MaturityAssessment,
  }),
  'maturity.judge': defineMethod({
    summary: 'Judge one criterion (met, not met, not assessed) with a note and evidence; the first judgement pins the newest model version.',
    input: z.strictObject({
      ...ofAssessment,
      criterionId: z.string().min(1).max(80),
      status: z.enum(judgementStatuses),
      note: text('Note', 5000).default(''),
      evidenceIds: z.array(Id).max(100).default([]),
    }),
    output: MaturityAssessment,
  }),
  'maturity.history': defineMethod({
    summary: "The level of each practice of a model in every audit that assessed it, ordered by the audits' periods.",
    input: z.strictObject({ modelId: Id }),
    output: MaturityHistory,
  }),
};
