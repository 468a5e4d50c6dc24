import { z } from 'zod';
import { Id, text } from './common';
import { defineMethod } from './define';
import { trendPeriods } from './trends';

// The KPIs of the release process: each a numerator over a denominator with its definition in plain
// words, for a scope (every audit, one audit, one system, one release, one owner team) and a period
// (a month, a quarter or an audit cycle). Emergency releases have their own review across time.

export const KpiDefinition = z.object({
  id: z.string(),
  title: z.string(),
  /** What counts above and below the line, in plain words: shown next to the value. */
  definition: z.string(),
  unit: z.enum(['percent', 'count']),
  better: z.enum(['higher', 'lower']),
});
export type KpiDefinition = z.infer<typeof KpiDefinition>;

export const KpiScope = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('all') }),
    z.strictObject({ kind: z.literal('audit'), auditId: Id }),
    z.strictObject({ kind: z.literal('system'), system: text('System', 200) }),
    z.strictObject({ kind: z.literal('release'), releaseId: Id }),
    z.strictObject({ kind: z.literal('team'), team: text('Team', 200) }),
  ],
  { message: 'Scope must be all, audit, system, release or team' },
);
export type KpiScope = z.infer<typeof KpiScope>;

const Figure = z.object({
  /** numerator / denominator (a percentage for percent KPIs, the numerator for counts); null when nothing was counted. */
  value: z.number().nullable(),
  numerator: z.number(),
  /** The basis: how many items the value rests on. */
  denominator: z.number(),
});

export const KpiRow = KpiDefinition.extend(Figure.shape).extend({
  parts: z.array(Figure.extend({ part: z.string(), label: z.string() })),
});
export type KpiRow = z.infer<typeof KpiRow>;

export const KpiPeriodOption = z.object({ key: z.string(), label: z.string() });

export const KpiSummary = z.object({
  rows: z.array(KpiRow),
  /** The periods the scope has figures in, oldest first; `period: null` in the input adds them all up. */
  periods: z.array(KpiPeriodOption),
  /** How many audits' figures this view recomputed (those changed since the last view), out of how many audits there are. */
  recomputed: z.number().int(),
  audits: z.number().int(),
  /** The day overdue findings were judged against (UTC). */
  asOf: z.string(),
});
export type KpiSummary = z.infer<typeof KpiSummary>;

export const KpiScopes = z.object({
  systems: z.array(z.string()),
  teams: z.array(z.string()),
  releases: z.array(z.object({ id: Id, identifier: z.string(), system: z.string(), auditName: z.string() })),
});

export const EmergencyReview = z.object({
  /** Emergency releases per system and month. */
  bySystemMonth: z.array(z.object({ system: z.string(), month: z.string(), emergency: z.number().int(), releases: z.number().int(), sharePercent: z.number().nullable() })),
  /** Their causes, grouped by a normalised cause read from the justification and review notes. */
  causes: z.array(z.object({ cause: z.string(), releases: z.number().int() })),
  /** Which checklist items emergency releases bypassed, and how often. */
  bypassed: z.array(z.object({ itemKey: z.string(), releases: z.number().int() })),
  emergency: z.number().int(),
  releases: z.number().int(),
});
export type EmergencyReview = z.infer<typeof EmergencyReview>;

export const kpisContract = {
  'kpis.summary': defineMethod({
    summary: 'The KPIs of the release process for a scope (all audits, an audit, a system, a release, a team) and one period or all: value, basis and definition of each.',
    input: z.strictObject({
      scope: KpiScope.default({ kind: 'all' }),
      period: z.enum(trendPeriods, { message: `Period must be one of ${trendPeriods.join(', ')}` }).default('month'),
      /** One period's key (a month 2026-03, a quarter 2026-Q1, an audit id), or null for all of them together. */
      key: z.string().max(100).nullable().default(null),
    }),
    output: KpiSummary,
  }),
  'kpis.scopes': defineMethod({
    summary: 'The systems, owner teams and releases the KPIs can be narrowed to.',
    input: z.strictObject({}),
    output: KpiScopes,
  }),
  'kpis.emergency': defineMethod({
    summary: 'Emergency releases across time: how many per system and month, their causes grouped, and the controls they bypassed.',
    input: z.strictObject({ system: text('System', 200).nullable().default(null), auditId: Id.nullable().default(null) }),
    output: EmergencyReview,
  }),
};
