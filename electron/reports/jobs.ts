import type { JobHandle } from '../../shared/api/jobs';
import type { MethodParsedInput } from '../../shared/api/contract';
import { getAudit } from '../audits/service';
import { jobsOf } from '../jobs/jobs';
import type { Core } from '../services';
import { issueReport } from './archive';

// A report built in the background (reports.start), followed with jobs.progress.

export function startReportBuild(core: Core, input: MethodParsedInput<'reports.start'>): JobHandle<'reports.build'> {
  getAudit(core, input.auditId);
  return jobsOf(core).start('reports.build', (progress) => issueReport(core, input, progress), {
    cancellable: false,
    whyNot: 'A report cannot be stopped half-way (it is signed and archived in one go); it finishes on its own in a moment.',
  });
}
