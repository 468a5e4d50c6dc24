import { z } from 'zod';

// The pieces every job kind is built from. A domain declares its job kinds (name → result schema)
// beside the method that starts them; shared/api/jobs.ts joins them into the one jobs contract.

export const JobId = z.uuid({ message: 'must be a job id' });

/** running until the work ends: done (with its result), failed (with why), or cancelled (stopped on request). */
export const JobState = z.enum(['running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

/** What a domain's start method answers: the job's id and its kind, which types its result. */
export const jobHandle = <K extends string>(kind: K) => z.object({ jobId: JobId, kind: z.literal(kind) });

/** What jobs.progress answers for one kind of job. */
export const jobProgress = <K extends string, R extends z.ZodType>(kind: K, result: R) =>
  z.object({
    jobId: JobId,
    kind: z.literal(kind),
    state: JobState,
    /** What the work is doing now ("Writing the bundle"). */
    phase: z.string(),
    /** How far the whole job has got, 0 to 1. */
    fraction: z.number().min(0).max(1),
    /** Units of the current phase done and in all (bytes, entries), when the phase counts them. */
    done: z.number().nonnegative().nullable(),
    total: z.number().nonnegative().nullable(),
    /** Why it failed or was cancelled. */
    message: z.string().nullable(),
    /** Whether jobs.cancel can stop it while it runs. */
    cancellable: z.boolean(),
    /** Only when done. */
    result: result.nullable(),
  });
