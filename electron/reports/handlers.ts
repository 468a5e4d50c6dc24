import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { issueReport, listReports } from './archive';
import { audienceHandlers } from './audience-handlers';
import { startReportBuild } from './jobs';

export function reportHandlers(core: Core): HandlersFor<MethodsOf<'reports'>> {
  return {
    'reports.generate': (input) => issueReport(core, input),
    'reports.start': (input) => startReportBuild(core, input),
    'reports.list': (input) => listReports(core, input.auditId),
    ...audienceHandlers(core),
  };
}
