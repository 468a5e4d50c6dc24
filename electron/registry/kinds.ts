import { auditRecords } from '../audits/records';
import { checklistRecords } from '../checklist/records';
import { configRecords } from '../config-compare/records';
import { evidenceRecords } from '../evidence/records';
import { findingLocalTables, findingRecords } from '../findings/records';
import { importRecords } from '../imports/records';
import { interviewRecords } from '../interviews/records';
import { kpiLocalTables } from '../kpis/records';
import { libraryRecords } from '../library/records';
import { logLocalTables, logRecords } from '../logs/records';
import { maturityRecords } from '../maturity/records';
import { licenceRecords } from '../licences/records';
import { planRecords } from '../plans/records';
import { proposalRecords } from '../proposals/records';
import { releaseRecords } from '../releases/records';
import { reportRecords } from '../reports/records';
import { retrospectiveRecords } from '../retrospectives/records';
import { hubLocalTables, hubRecords } from '../hub/records';
import { ruleRecords } from '../rules/records';
import { searchLocalTables } from '../search/records';
import { syncLocalTables, syncRecords } from '../sync/records';
import { templateRecords } from '../templates/records';
import { testingRecords } from '../testing/records';
import { trainingRecords } from '../training/records';
import { warroomRecords } from '../warroom/records';
import { coreLocalTables } from './core-tables';
import type { LocalTable } from './types';

// Every domain's record kinds in one list. A new kind is added in its domain's records.ts and
// listed here once; everything else derives from it (see ARCHITECTURE.md).

export const recordKinds = [
  ...auditRecords,
  ...planRecords,
  ...releaseRecords,
  ...evidenceRecords,
  ...libraryRecords,
  ...templateRecords,
  ...proposalRecords,
  ...checklistRecords,
  ...interviewRecords,
  ...warroomRecords,
  ...findingRecords,
  ...importRecords,
  ...logRecords,
  ...ruleRecords,
  ...licenceRecords,
  ...reportRecords,
  ...testingRecords,
  ...configRecords,
  ...maturityRecords,
  ...retrospectiveRecords,
  ...trainingRecords,
  ...syncRecords,
  ...hubRecords,
] as const;

export const localTables: readonly LocalTable[] = [...coreLocalTables, ...syncLocalTables, ...searchLocalTables, ...logLocalTables, ...findingLocalTables, ...kpiLocalTables, ...hubLocalTables];
