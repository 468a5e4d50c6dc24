import { z } from 'zod';
import { Id } from './common';

// The part of the war-room board that imported files fill: pipeline runs and their steps with the
// times the tool printed (planned against actual where a runbook step has the same name), each
// host's status from a deployment run, and analysis metrics against their conditions (halt checks).
// They are derived from the release's imported facts when the board is read, so they cannot be
// edited and an import that is already there changes nothing; each names the file and lines it came from.

export const ImportedSource = z.object({
  importId: Id,
  /** The file's name as imported, and its kind ("Jenkins console log"). */
  name: z.string(),
  kindLabel: z.string(),
  lines: z.tuple([z.number().int().positive(), z.number().int().positive()]),
});
export type ImportedSource = z.infer<typeof ImportedSource>;

/** An instant as the file gave it: UTC when the file dated it, and the text it printed. */
const Printed = z.object({ utc: z.string().nullable(), text: z.string() }).nullable();

export const ImportedBoard = z.object({
  runs: z.array(
    z.object({ source: ImportedSource, tool: z.string(), name: z.string().nullable(), result: z.string().nullable(), startedAt: Printed, endedAt: Printed, triggeredBy: z.string().nullable() }),
  ),
  steps: z.array(
    z.object({
      source: ImportedSource,
      name: z.string(),
      level: z.string(),
      result: z.string().nullable(),
      actualStart: Printed,
      actualEnd: Printed,
      /** The runbook step of the same name, with its planned times and the variance in minutes; null when none matches. */
      runbook: z
        .object({ stepId: Id, title: z.string(), plannedStart: z.string().nullable(), plannedEnd: z.string().nullable(), startVarianceMinutes: z.number().nullable(), endVarianceMinutes: z.number().nullable() })
        .nullable(),
    }),
  ),
  nodes: z.array(
    z.object({ source: ImportedSource, host: z.string(), status: z.enum(['ok', 'changed', 'failed', 'unreachable']), failedTasks: z.array(z.object({ task: z.string(), message: z.string().nullable(), ignored: z.boolean(), lines: z.tuple([z.number(), z.number()]) })) }),
  ),
  haltChecks: z.array(
    z.object({
      source: ImportedSource,
      run: z.string(),
      metric: z.string(),
      phase: z.string().nullable(),
      condition: z.string().nullable(),
      failureLimit: z.number().nullable(),
      failed: z.number(),
      lastValue: z.string().nullable(),
      measuredAt: Printed,
      /** The metric failed (its phase, or more failed measurements than its limit allows). */
      breached: z.boolean(),
    }),
  ),
  rollouts: z.array(z.object({ source: ImportedSource, name: z.string(), phase: z.string().nullable(), aborted: z.boolean(), abortedAt: Printed, message: z.string().nullable(), analysisStatus: z.string().nullable() })),
  /** Facts past the board's bound, per kind, not shown here (they stay in the release's facts). */
  omitted: z.record(z.string(), z.number().int().positive()),
});
export type ImportedBoard = z.infer<typeof ImportedBoard>;
