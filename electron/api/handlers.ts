import type { MethodName } from '../../shared/api/contract';
import { auditHandlers } from '../audits/handlers';
import { checklistHandlers } from '../checklist/handlers';
import { configHandlers } from '../config-compare/handlers';
import { doraHandlers } from '../dora/handlers';
import type { HandlersFor } from '../common/handlers';
import { escalationHandlers } from '../escalation/handlers';
import { evidenceHandlers } from '../evidence/handlers';
import { findingHandlers } from '../findings/handlers';
import { identityHandlers } from '../identity/handlers';
import { importHandlers } from '../imports/handlers';
import { afterImport } from '../intake/after-import';
import { interviewHandlers } from '../interviews/handlers';
import { jobsHandlers } from '../jobs/handlers';
import { libraryHandlers } from '../library/handlers';
import { oscalHandlers } from '../oscal/handlers';
import { docxHandlers } from '../reports/docx/handlers';
import { planHandlers } from '../plans/handlers';
import { releaseHandlers } from '../releases/handlers';
import { reportHandlers } from '../reports/handlers';
import { retrospectiveHandlers } from '../retrospectives/handlers';
import { ruleHandlers } from '../rules/handlers';
import { searchHandlers } from '../search/handlers';
import { logsHandlers } from '../logs/handlers';
import { maturityHandlers } from '../maturity/handlers';
import { licenceHandlers } from '../licences/handlers';
import { kpiHandlers } from '../kpis/handlers';
import { proposalHandlers } from '../proposals/handlers';
import { trendHandlers } from '../trends/handlers';
import type { Core } from '../services';
import { syncHandlers } from '../sync/handlers';
import { systemHandlers } from '../system/handlers';
import { templateHandlers } from '../templates/handlers';
import { testingHandlers } from '../testing/handlers';
import { trainingHandlers } from '../training/handlers';
import { vulnerabilityHandlers } from '../vulnerabilities/handlers';
import { warroomHandlers } from '../warroom/handlers';
import { spreadsheetHandlers } from '../spreadsheets/handlers';
import { hubHandlers } from '../hub/handlers';

// Every contract method's handler: the merge of the slices each domain exports from its own
// handlers.ts (one line per domain). The type makes a missing handler a compile error.

export type Handlers = HandlersFor<MethodName>;

/** The handlers of one core: building them reads and writes nothing (the database is seeded where it is opened). */
export function createHandlers(core: Core): Handlers {
  return {
    ...auditHandlers(core),
    ...planHandlers(core),
    ...releaseHandlers(core),
    ...escalationHandlers(core),
    ...libraryHandlers(core),
    ...templateHandlers(core),
    ...oscalHandlers(core),
    ...docxHandlers(core),
    ...warroomHandlers(core),
    ...interviewHandlers(core),
    ...checklistHandlers(core),
    ...findingHandlers(core),
    ...evidenceHandlers(core),
    ...identityHandlers(core),
    ...importHandlers(core, (c, outcome, progress) => afterImport(c, outcome, { index: 'background', progress })),
    ...reportHandlers(core),
    ...ruleHandlers(core),
    ...systemHandlers(core),
    ...syncHandlers(core),
    ...jobsHandlers(core),
    ...searchHandlers(core),
    ...testingHandlers(core),
    ...logsHandlers(core),
    ...vulnerabilityHandlers(core, (c, outcome, progress) => afterImport(c, outcome, { index: 'background', progress })),
    ...configHandlers(core),
    ...licenceHandlers(core),
    ...spreadsheetHandlers(core),
    ...doraHandlers(core),
    ...maturityHandlers(core),
    ...kpiHandlers(core),
    ...proposalHandlers(core),
    ...retrospectiveHandlers(core),
    ...trainingHandlers(core),
    ...trendHandlers(core),
    ...hubHandlers(core),
  };
}
