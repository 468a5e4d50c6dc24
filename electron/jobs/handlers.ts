import type { MethodOutput, MethodParsedInput } from '../../shared/api/contract';
import type { Core } from '../services';
import { jobsOf } from './jobs';

// The jobs slice of the API: following and stopping work that a domain method started.

type JobsMethod = 'jobs.progress' | 'jobs.cancel';

export function jobsHandlers(core: Core): { [M in JobsMethod]: (input: MethodParsedInput<M>) => MethodOutput<M> } {
  const jobs = jobsOf(core);
  return {
    'jobs.progress': (input) => jobs.progress(input.jobId),
    'jobs.cancel': (input) => jobs.cancel(input.jobId),
  };
}
