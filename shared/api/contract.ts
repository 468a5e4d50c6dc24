import type { z } from 'zod';
import { auditsContract } from './audits';
import { checklistContract } from './checklist';
import { findingsContract } from './findings';
import { interviewsContract } from './interviews';
import { libraryContract } from './library';
import { plansContract } from './plans';
import { releasesContract } from './releases';
import { reportsContract } from './reports';
import { rulesContract } from './rules';
import { templatesContract } from './templates';
import { warroomContract } from './warroom';
import { evidenceContract } from './evidence';
import { systemContract } from './system';
import { syncContract } from './sync';
import { jobsContract } from './jobs';
import { importsContract } from './import-methods';
import { searchContract } from './search';
import { testingContract } from './testing';
import { releaseVersionsContract } from './release-versions';
import { logsContract } from './logs';
import { oscalContract } from './oscal';
import { docxContract } from './report-docx';
import { vulnerabilitiesContract } from './vulnerabilities';
import { configContract } from './config';
import { licenceComponentsMethods, licencesContract } from './licences';
import { spreadsheetsContract } from './spreadsheets';
import { doraContract } from './dora';
import { maturityContract } from './maturity';
import { kpisContract } from './kpis';
import { proposalsContract } from './proposals';
import { retrospectivesContract } from './retrospectives';
import { trainingContract } from './training';
import { trendsContract } from './trends';
import { hubSyncContract } from './hub-sync';

// The one API contract: every transport (IPC, HTTP, CLI) and the renderer's client derive from it.
export const contract = {
  ...auditsContract,
  ...plansContract,
  ...releasesContract,
  ...libraryContract,
  ...templatesContract,
  ...checklistContract,
  ...findingsContract,
  ...reportsContract,
  ...rulesContract,
  ...warroomContract,
  ...interviewsContract,
  ...evidenceContract,
  ...systemContract,
  ...syncContract,
  ...jobsContract,
  ...importsContract,
  ...searchContract,
  ...testingContract,
  ...releaseVersionsContract,
  ...logsContract,
  ...oscalContract,
  ...docxContract,
  ...vulnerabilitiesContract,
  ...configContract,
  ...licencesContract,
  ...licenceComponentsMethods,
  ...spreadsheetsContract,
  ...doraContract,
  ...maturityContract,
  ...kpisContract,
  ...proposalsContract,
  ...retrospectivesContract,
  ...trainingContract,
  ...trendsContract,
  ...hubSyncContract,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** The typed view every client offers: one async function per method. */
export type ApiClient = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };
