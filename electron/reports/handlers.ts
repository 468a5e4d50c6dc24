import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { issueReport, listReports } from './archive';

export function reportHandlers(core: Core): HandlersFor<Exclude<MethodsOf<'reports'>, 'reports.start' | 'reports.progress'>> {
  return {
    'reports.generate': (input) => issueReport(core, input),
    'reports.list': (input) => listReports(core, input.auditId),
  };
}
