import type { JobHandle } from '../../../../shared/api/jobs';
import type { SpreadsheetPart } from '../../../../shared/api/spreadsheets';
import { api } from '../../api/client';

// The Export menu's spreadsheet entries: the whole audit as one XLSX workbook (a sheet per part), or
// one part as CSV (with a byte-order mark when the screen asks for one, for Excel).

export interface SpreadsheetChoice {
  label: string;
  csv: boolean;
  start: (auditId: string, options: { bom: boolean }) => Promise<JobHandle<'spreadsheets.export'>>;
}

const csvParts: Array<{ part: SpreadsheetPart; label: string }> = [
  { part: 'findings', label: 'Findings (CSV)' },
  { part: 'checklist', label: 'Checklist results (CSV)' },
  { part: 'remediation', label: 'Remediation tracking (CSV)' },
  { part: 'kpis', label: 'KPIs (CSV)' },
  { part: 'facts', label: 'Imported facts (CSV)' },
];

export const spreadsheetChoices: SpreadsheetChoice[] = [
  { label: 'Spreadsheet of the audit (XLSX)', csv: false, start: (auditId) => api['spreadsheets.startExport']({ auditId, format: 'xlsx' }) },
  ...csvParts.map(({ part, label }) => ({ label, csv: true, start: (auditId: string, { bom }: { bom: boolean }) => api['spreadsheets.startExport']({ auditId, format: 'csv', part, bom }) })),
];
