import { z } from 'zod';
import { defineMethod } from './define';
import { JobId, JobState, jobProgress } from './job-kit';
import { reportJobs } from './reports';
import { syncJobs } from './sync';
import { importJobs } from './import-methods';
import { oscalJobs } from './oscal';
import { docxJobs } from './report-docx';
import { vulnerabilityJobs } from './vulnerabilities';
import { spreadsheetJobs } from './spreadsheets';
import { logJobs } from './logs';
import { hubJobs } from './hub-sync';

// Long work (a report, a bundle's export, check or import) is started by its domain's method, which
// answers a job handle { jobId, kind }; the screen follows it with jobs.progress and may stop it with
// jobs.cancel. Each kind's result is declared once, by its domain; the types below follow from it.

export const jobResults = { ...reportJobs, ...syncJobs, ...importJobs, ...oscalJobs, ...docxJobs, ...vulnerabilityJobs, ...spreadsheetJobs, ...logJobs, ...hubJobs };
export type JobKind = keyof typeof jobResults;
export const jobKinds = Object.keys(jobResults) as JobKind[];
export type JobResult<K extends JobKind> = z.output<(typeof jobResults)[K]>;
export interface JobHandle<K extends JobKind = JobKind> {
  jobId: string;
  kind: K;
}

type ProgressFields = Omit<z.output<ReturnType<typeof jobProgress>>, 'kind' | 'result'>;
/** What jobs.progress answers: for a job of kind K, its result is that kind's result. */
export type JobProgress<K extends JobKind = JobKind> = { [P in K]: ProgressFields & { kind: P; result: JobResult<P> | null } }[K];

const progressSchemas = jobKinds.map((kind) => jobProgress(kind, jobResults[kind]));
export const JobProgress = z.discriminatedUnion('kind', progressSchemas as unknown as [z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<JobProgress, JobProgress>;

export const CancelAnswer = z.object({
  jobId: JobId,
  /** The job's state after the call: still running while it stops, or how it had already ended. */
  state: JobState,
  /** True when this call asked a running job to stop. */
  cancelling: z.boolean(),
  message: z.string(),
});
export type CancelAnswer = z.infer<typeof CancelAnswer>;

export const jobsContract = {
  'jobs.progress': defineMethod({
    summary: 'How far a job started by a domain method (reports.start, sync.startExport, …) has got, and its result when done.',
    input: z.strictObject({ jobId: JobId }),
    output: JobProgress,
  }),
  'jobs.cancel': defineMethod({
    summary: 'Stop a running job that can be stopped (a cancelled import writes nothing; a cancelled export leaves no file). A job that has ended is left as it is, and the answer says so.',
    input: z.strictObject({ jobId: JobId }),
    output: CancelAnswer,
  }),
};
