import { z } from 'zod';
import { CalendarDate, Id, text } from './common';
import { defineMethod } from './define';
import { trendPeriods } from './trends';

// DORA's four keys (deployment frequency, lead time for changes, change failure rate, failed-deployment
// recovery time) worked out from the releases, war-room logs and imported facts the app holds, each
// beside the published performance level it falls in and the deployments it rests on.

export const doraKeyIds = ['deployment-frequency', 'lead-time', 'change-failure-rate', 'recovery-time'] as const;
export type DoraKeyId = (typeof doraKeyIds)[number];

export const doraLevels = ['elite', 'high', 'medium', 'low'] as const;
export type DoraLevel = (typeof doraLevels)[number];

/** A performance level as the benchmark words it, with the range the app reads those words as (in the key's unit). */
export const DoraBand = z.object({
  level: z.enum(doraLevels),
  /** The report's own words for the level ("Between once per day and once per week"). */
  words: z.string(),
  /** The range the words are read as: from (inclusive) to (exclusive), a missing end open. */
  from: z.number().optional(),
  to: z.number().optional(),
});
export type DoraBand = z.infer<typeof DoraBand>;

/** Why a release was left out of a figure ("no commit times", "not a production deployment"). */
export const DoraGap = z.object({ releaseId: Id, identifier: z.string(), reason: z.string() });
export type DoraGap = z.infer<typeof DoraGap>;

export const DoraKey = z.object({
  key: z.enum(doraKeyIds),
  title: z.string(),
  unit: z.enum(['per-week', 'hours', 'percent']),
  /** The figure over the scope; null when no deployment gives what it needs. */
  value: z.number().nullable(),
  /** The performance level the value falls in, or null with no value. */
  band: DoraBand.nullable(),
  /** How many deployments the figure rests on, and which ones (release ids). */
  basis: z.number().int().nonnegative(),
  basisIds: z.array(Id),
  /** What counts, in plain words: shown next to the figure. */
  definition: z.string(),
  /** Deployments of the scope left out of this figure, each with why. */
  leftOut: z.array(DoraGap),
});
export type DoraKey = z.infer<typeof DoraKey>;

/** One production deployment as the keys see it (one release of an audit). */
export const DoraDeployment = z.object({
  releaseId: Id,
  auditId: Id,
  auditName: z.string(),
  identifier: z.string(),
  system: z.string(),
  deployedAt: z.string(),
  /** Where the deployment time came from: a pipeline run's end, the war-room log, or the window. */
  deployedAtFrom: z.string(),
  hotfix: z.boolean(),
  commits: z.number().int().nonnegative(),
  leadTimeHours: z.number().nullable(),
  failed: z.boolean(),
  /** What made it a failure, in words ("rolled back in the war room", "hotfix PAY-8 followed within 7 days"). */
  failure: z.string().nullable(),
  recoveredAt: z.string().nullable(),
  recoveryHours: z.number().nullable(),
});
export type DoraDeployment = z.infer<typeof DoraDeployment>;

export const DoraPeriodRow = z.object({
  label: z.string(),
  deployments: z.number().int().nonnegative(),
  /** The deployments of the period (release ids), oldest first. */
  releaseIds: z.array(Id),
  values: z.record(z.enum(doraKeyIds), z.number().nullable()),
  basis: z.record(z.enum(doraKeyIds), z.number().int().nonnegative()),
});

export const DoraKeys = z.object({
  period: z.enum(trendPeriods),
  /** The benchmark the bands come from, named with its year. */
  benchmark: z.object({ name: z.string(), year: z.number().int(), source: z.string(), note: z.string() }),
  /** How many days after a deployment a hotfix or emergency release of the same system marks it failed. */
  failureWindowDays: z.number().int().positive(),
  keys: z.array(DoraKey),
  bands: z.record(z.enum(doraKeyIds), z.array(DoraBand)),
  /** The same keys per month, quarter or audit cycle, oldest first. */
  periods: z.array(DoraPeriodRow),
  deployments: z.array(DoraDeployment),
  /** Releases of the scope that are not counted as production deployments at all, with why. */
  notCounted: z.array(DoraGap),
  /** The systems of the scope (for the "one system" choice). */
  systems: z.array(z.string()),
});
export type DoraKeys = z.infer<typeof DoraKeys>;

export const DoraQuery = z
  .strictObject({
    period: z.enum(trendPeriods, { message: `period must be one of ${trendPeriods.join(', ')}` }).default('month'),
    auditId: Id.optional(),
    system: text('System', 200).optional(),
    from: CalendarDate.optional(),
    to: CalendarDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must be on or before to', path: ['from'] });
export type DoraQuery = z.infer<typeof DoraQuery>;

export const doraContract = {
  'dora.keys': defineMethod({
    summary: "DORA's four keys over all audits, one audit or one system, overall and per month, quarter or audit cycle, with their bands, definitions and the deployments behind them.",
    input: DoraQuery,
    output: DoraKeys,
  }),
};
