import { AppError } from '../../shared/api/errors';
import type { SpreadsheetExportRequest, SpreadsheetPart } from '../../shared/api/spreadsheets';
import { getAuditRow } from '../rows';
import type { Core } from '../services';
import type { TrendProvider } from '../trends/providers';
import { checklistTable } from './checklist-part';
import { tableToCsv } from './csv-write';
import { factTables } from './facts-part';
import { findingParts } from './finding-parts';
import { kpiTables } from './kpi-part';
import type { SheetTable } from './table';
import { writeWorkbook } from './xlsx-write';

// An audit as a spreadsheet: every part as a sheet of one XLSX workbook, or one part as a CSV file.

export const partOrder: SpreadsheetPart[] = ['findings', 'checklist', 'remediation', 'kpis', 'facts'];

export interface SpreadsheetFile {
  bytes: Buffer;
  fileName: string;
  mediaType: string;
  /** The sheets written, with their rows. */
  sheets: Array<{ sheet: string; rows: number }>;
}

export interface ExportHooks {
  /** Told how far the writing has got (rows done of all); may wait, to let a cancel land. */
  progress?: (phase: string, fraction: number) => Promise<void> | void;
  /** The KPI providers to read (the shipped list unless a test gives its own). */
  providers?: TrendProvider[];
  today?: string;
}

/** The tables of the parts asked for, in the workbook's order. */
export function partTables(core: Core, input: SpreadsheetExportRequest, parts: SpreadsheetPart[], hooks: ExportHooks = {}): SheetTable[] {
  const taken = new Set(['findings', 'checklist', 'remediation']);
  const findings = parts.includes('findings') || parts.includes('remediation') ? findingParts(core, input.auditId, hooks.today) : null;
  const tables: SheetTable[] = [];
  for (const part of parts) {
    if (part === 'findings' && findings) tables.push(findings.findings);
    if (part === 'remediation' && findings) tables.push(findings.remediation);
    if (part === 'checklist') tables.push(checklistTable(core, input.auditId));
    if (part === 'kpis') tables.push(...kpiTables(core, { period: input.period, auditId: input.auditId }, hooks.providers, taken));
    if (part === 'facts') tables.push(...factTables(core, input.auditId, taken));
  }
  return tables;
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'audit';

export async function exportSpreadsheet(core: Core, input: SpreadsheetExportRequest, hooks: ExportHooks = {}): Promise<SpreadsheetFile> {
  const audit = getAuditRow(core, input.auditId);
  if (input.format === 'csv' && input.part === 'all') throw new AppError('VALIDATION', 'A CSV file holds one table: name a part (findings, checklist, remediation, kpis or facts), or export XLSX for all of them.');
  const parts = input.part === undefined || input.part === 'all' ? (input.format === 'csv' ? ['findings' as const] : partOrder) : [input.part];
  await hooks.progress?.('Reading the audit', 0.1);
  const tables = partTables(core, input, parts, hooks);
  const sheets = tables.map((t) => ({ sheet: t.sheet, rows: t.rows.length }));
  const base = `${slug(audit.name)}-${parts.length === 1 ? parts[0] : 'spreadsheet'}`;
  if (input.format === 'csv') {
    // A part of several sheets (KPI groups, fact kinds) is one table in CSV: the sheets' rows under one header each.
    const text = tables.length === 1 ? tableToCsv(tables[0] as SheetTable, { bom: input.bom }) : tablesAsOneCsv(tables, input.bom);
    await hooks.progress?.('Writing the CSV', 0.9);
    return { bytes: Buffer.from(text, 'utf8'), fileName: `${base}.csv`, mediaType: 'text/csv; charset=utf-8', sheets };
  }
  await hooks.progress?.('Writing the workbook', 0.3);
  const bytes = await writeWorkbook(tables, { creator: core.actor, onRows: (done, total) => hooks.progress?.('Writing the workbook', 0.3 + 0.6 * (total ? done / total : 1)) });
  return { bytes, fileName: `${base}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', sheets };
}

/** Several tables as one CSV: a first column says which sheet (KPI group, fact kind) each row is of; the columns are the union, in order. */
function tablesAsOneCsv(tables: SheetTable[], bom: boolean): string {
  const headers: string[] = [];
  const types = new Map<string, SheetTable['columns'][number]['type']>();
  for (const table of tables) {
    for (const c of table.columns) {
      if (!types.has(c.header)) {
        headers.push(c.header);
        types.set(c.header, c.type);
      } else if (types.get(c.header) !== c.type) types.set(c.header, 'text');
    }
  }
  const merged: SheetTable = {
    sheet: 'all',
    columns: [{ header: 'Sheet', type: 'text' }, ...headers.map((header) => ({ header, type: types.get(header) ?? 'text' }))],
    rows: tables.flatMap((table) => {
      const at = table.columns.map((c) => headers.indexOf(c.header));
      return table.rows.map((row) => {
        const out: SheetTable['rows'][number] = [table.sheet, ...headers.map(() => null)];
        row.forEach((value, i) => (out[(at[i] as number) + 1] = value));
        return out;
      });
    }),
  };
  return tableToCsv(merged, { bom });
}
