import { z } from 'zod';
import { Id } from './common';
import { defineMethod } from './define';
import { jobHandle } from './job-kit';
import { severities } from '../enums';

// Anomalies in a release's imported logs, found by comparing the templates the log-template miner
// (Drain) finds with those of earlier releases of the same system. Each anomaly is an observation
// the auditor raises as a finding or dismisses; it names the import and the lines it rests on.

export const anomalyKinds = ['new-template', 'rate-jump', 'error-burst', 'time-gap'] as const;
export type AnomalyKind = (typeof anomalyKinds)[number];

export const anomalyKindLabels: Record<AnomalyKind, string> = {
  'new-template': 'New template',
  'rate-jump': 'Rate jumped',
  'error-burst': 'Error burst',
  'time-gap': 'Gap in time',
};

export const observationStates = ['open', 'raised', 'dismissed'] as const;

const whole = (what: string, min: number, max: number) => z.number({ message: 'must be a number' }).int(`${what} must be a whole number`).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

/** The thresholds of the comparison (defaults in brackets). */
export const AnomalySettings = z.strictObject({
  /** Rate jump: a template's share of the lines at least this many times its share in earlier releases [5]… */
  rateFactor: z.number({ message: 'must be a number' }).min(1.1, 'must be at least 1.1').max(1000, 'must be at most 1000').default(5),
  /** …and at least this many lines [10]. */
  rateMinLines: whole('The least lines of a rate jump', 1, 1_000_000).default(10),
  /** Error burst: this many error-level lines [10]… */
  burstLines: whole('The error lines of a burst', 2, 1_000_000).default(10),
  /** …within this many seconds [60]. */
  burstSeconds: whole('The seconds of a burst', 1, 86_400).default(60),
  /** Gap: no line for longer than this many seconds between the run's first and last line [300]. */
  gapSeconds: whole('The seconds of a gap', 1, 604_800).default(300),
});
export type AnomalySettings = z.infer<typeof AnomalySettings>;

export const LogObservation = z.object({
  id: Id,
  auditId: Id,
  releaseId: Id,
  importId: Id,
  /** The imported file's name, to show beside the lines. */
  fileName: z.string(),
  kind: z.enum(anomalyKinds),
  title: z.string(),
  detail: z.string(),
  /** The lines it rests on, numbered from 1 as the import's excerpt numbers them. */
  lines: z.tuple([z.number().int(), z.number().int()]),
  state: z.enum(observationStates),
  findingId: Id.nullable(),
  dismissReason: z.string(),
  notedAt: z.string(),
  notedBy: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
});
export type LogObservation = z.infer<typeof LogObservation>;

export const AnomalyRun = z.object({
  /** How the release's system was named for the comparison: its system field, else its identifier's prefix. */
  system: z.string(),
  systemFrom: z.enum(['system', 'identifier-prefix']),
  /** Earlier releases of the same system compared with (in any audit on this laptop). */
  earlierReleases: z.array(z.object({ id: Id, identifier: z.string(), auditId: Id })),
  logsMined: z.number().int(),
  logsFromCache: z.number().int(),
  /** Observations recorded by this run (an anomaly already recorded is not recorded again). */
  recorded: z.number().int(),
  observations: z.array(LogObservation),
});
export type AnomalyRun = z.infer<typeof AnomalyRun>;

const ReleaseRef = z.strictObject({ releaseId: Id });

/** The anomaly search as a job: its result is the run's answer. */
export const logJobs = { 'logs.detect': AnomalyRun };

export const logsContract = {
  'logs.detectAnomalies': defineMethod({
    summary: "Mines the templates of a release's imported logs (each log once, then from the cache) and compares them with earlier releases of the same system: new templates, rate jumps, error bursts and gaps in time, each recorded as an observation.",
    input: ReleaseRef.extend({ settings: AnomalySettings.default(AnomalySettings.parse({})) }),
    output: AnomalyRun,
  }),
  'logs.startDetect': defineMethod({
    summary: 'Starts the anomaly search of logs.detectAnomalies as a job, followed with jobs.progress (one step per log mined) and stopped with jobs.cancel (nothing is recorded).',
    input: ReleaseRef.extend({ settings: AnomalySettings.default(AnomalySettings.parse({})) }),
    output: jobHandle('logs.detect'),
  }),
  'logs.observations': defineMethod({
    summary: "A release's log observations, open ones first.",
    input: ReleaseRef,
    output: z.array(LogObservation),
  }),
  'logs.raiseObservation': defineMethod({
    summary: 'Raises a log observation as a finding (in draft) citing the imported log, its lines and the anomaly.',
    input: z.strictObject({ id: Id, severity: z.enum(severities).default('minor') }),
    output: z.object({ observation: LogObservation, findingId: Id }),
  }),
  'logs.dismissObservation': defineMethod({
    summary: 'Dismisses a log observation with the reason.',
    input: z.strictObject({ id: Id, reason: z.string({ message: 'must be text' }).trim().min(1, 'must say why').max(2000, 'must be at most 2000 characters') }),
    output: LogObservation,
  }),
};
