import YAML from 'yaml';
import { listImports } from '../imports/store';
import { gatherReportData } from '../reports/data';
import type { Core } from '../services';
import { importedMappingsOf } from '../library/imported';
import { assessmentPlan } from './plan';
import { assessmentResults, planFileName, type OscalData } from './results';

// An audit out as OSCAL: the assessment results or the assessment plan, as JSON or YAML text.

export type OscalModel = 'results' | 'plan';
export type OscalFormat = 'json' | 'yaml';

export function gatherOscalData(core: Core, auditId: string, now = new Date().toISOString()): OscalData {
  const report = gatherReportData(core, auditId);
  return { ...report, imports: listImports(core, { auditId }), importedMappings: importedMappingsOf(core), actor: core.actor, appVersion: core.appVersion, now };
}

/** The OSCAL document of an audit, as a plain JSON value (fields without a value left out). */
export function oscalDocument(data: OscalData, model: OscalModel): unknown {
  const document = model === 'plan' ? assessmentPlan(data) : assessmentResults(data);
  return JSON.parse(JSON.stringify(document)) as unknown;
}

export function serialiseOscal(document: unknown, format: OscalFormat): string {
  return format === 'yaml' ? YAML.stringify(document, { lineWidth: 0 }) : `${JSON.stringify(document, null, 2)}\n`;
}

/** The file name an export is offered under: the plan's is the one the results' import-ap names. */
export function oscalFileName(auditName: string, model: OscalModel, format: OscalFormat): string {
  const plan = planFileName(auditName).replace(/\.json$/, '');
  const base = model === 'plan' ? plan : plan.replace(/assessment-plan$/, 'assessment-results');
  return `${base}.${format === 'yaml' ? 'yaml' : 'json'}`;
}

export function exportOscal(core: Core, input: { auditId: string; model: OscalModel; format: OscalFormat }): { text: string; fileName: string } {
  const data = gatherOscalData(core, input.auditId);
  return { text: serialiseOscal(oscalDocument(data, input.model), input.format), fileName: oscalFileName(data.audit.name, input.model, input.format) };
}
