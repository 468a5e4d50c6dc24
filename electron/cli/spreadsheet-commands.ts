import fs from 'node:fs';
import path from 'node:path';
import type { FindingsImportPreview, FindingsImportResult } from '../../shared/api/spreadsheets';
import { AppError } from '../../shared/api/errors';
import { argsExactly, printJson, required } from './command-kit';
import type { CommandContext, CommandSpec, OptionSpec, OptionValues } from './spec';
import { UsageError } from './usage';

// Spreadsheets from the command line: `export xlsx` and `export csv` (two kinds of `export`, listed
// in export-commands.ts, which writes the file) and `import findings FILE` (a preview unless --confirm).
// The spreadsheet code (exceljs) loads only when one of them runs.

const spreadsheets = () => import('../spreadsheets/export');
const importer = () => import('../spreadsheets/finding-import');

/** The request the flags make, checked by the contract's own schema; a refusal names the flag. */
async function requestOf(values: OptionValues, auditId: string, format: 'xlsx' | 'csv') {
  const { SpreadsheetExportRequest } = await import('../../shared/api/spreadsheets');
  const input = {
    auditId,
    format,
    ...(values.part !== undefined ? { part: values.part } : {}),
    ...(values.period !== undefined ? { period: values.period } : {}),
    ...(values.bom ? { bom: true } : {}),
  };
  const parsed = SpreadsheetExportRequest.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    throw new UsageError(field === 'auditId' ? '--audit must be an audit id.' : `--${field} ${issue?.message ?? 'is not valid'}.`);
  }
  return parsed.data;
}

async function make(context: CommandContext, auditId: string, format: 'xlsx' | 'csv'): Promise<{ bytes: Buffer; what: string }> {
  const request = await requestOf(context.values, auditId, format);
  const { exportSpreadsheet } = await spreadsheets();
  const file = await exportSpreadsheet(context.open({ mustExist: true }), request);
  const sheets = file.sheets.map((s) => `${s.sheet}: ${s.rows}`).join(', ');
  return { bytes: file.bytes, what: format === 'xlsx' ? `XLSX, ${sheets}` : `CSV${request.bom ? ' with BOM' : ''}, ${sheets} rows` };
}

/** The spreadsheet kinds of `export KIND`, in export-commands.ts's shape. */
export const spreadsheetExportKinds = [
  {
    kind: 'xlsx',
    synopsis: '--audit ID --out FILE [--part findings|checklist|remediation|kpis|facts] [--period month|quarter|cycle]',
    summary: "The audit's findings, checklist, remediation, KPIs and imported facts as one XLSX workbook",
    details: [
      'A sheet per part (KPIs: one per chart group; facts: one per kind of fact), typed cells (dates as',
      'dates, numbers as numbers), the header row frozen, an auto-filter and readable widths. --part: one part only.',
    ],
    options: { part: { type: 'string' }, period: { type: 'string' } } as Record<string, OptionSpec>,
    make: (context: CommandContext, auditId: string) => make(context, auditId, 'xlsx'),
  },
  {
    kind: 'csv',
    synopsis: '--audit ID --out FILE [--part findings|checklist|remediation|kpis|facts] [--bom] [--period month|quarter|cycle]',
    summary: 'One part of the audit (findings unless --part says) as a CSV file (RFC 4180, UTF-8)',
    details: [
      '--bom starts the file with a UTF-8 byte-order mark, so that Excel reads accents right. A text',
      "starting with = + - or @ is written with a ' before it, so that a spreadsheet shows it instead",
      'of running it as a formula (import findings takes the \' off again).',
    ],
    options: { part: { type: 'string' }, bom: { type: 'boolean' }, period: { type: 'string' } } as Record<string, OptionSpec>,
    make: (context: CommandContext, auditId: string) => make(context, auditId, 'csv'),
  },
];

function printPreview(io: CommandContext['io'], preview: FindingsImportPreview): void {
  io.out(`${preview.fileName}${preview.sheet ? ` (sheet "${preview.sheet}")` : ''}: ${preview.total} row(s), ${preview.valid} to import, ${preview.invalid} with errors.`);
  const read = preview.columns.filter((c) => c.field).map((c) => `${c.header} → ${c.field}`);
  const ignored = preview.columns.filter((c) => !c.field).map((c) => c.header);
  io.out(`Columns read: ${read.join(', ')}${ignored.length ? `; not read: ${ignored.join(', ')}` : ''}.`);
  for (const row of preview.rows) {
    for (const error of row.errors) io.out(`  row ${error.row}, ${error.column}: ${error.message}`);
  }
}

export const spreadsheetCommands: CommandSpec[] = [
  {
    name: 'import findings',
    synopsis: 'FILE --audit ID [--confirm] [--json]',
    summary: 'Import findings from a CSV or XLSX spreadsheet (a preview unless --confirm)',
    details: [
      'Headers are matched case-insensitively, with the names other spreadsheets use (Finding, Priority,',
      'Assignee, Due date, Root cause…). Without --confirm nothing is written: each row with an error is',
      'listed with its column and why. With --confirm every valid row becomes a draft finding, all in one',
      'transaction, and the rows skipped are listed. Exit 0 imported (or previewed), 2 refused.',
    ],
    options: { audit: { type: 'string' }, confirm: { type: 'boolean' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      const [given] = argsExactly(args, 'spreadsheet FILE (CSV or XLSX) to import') as [string];
      const auditId = required(values, 'audit');
      const file = path.resolve(given);
      if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new AppError('NOT_FOUND', `There is no file at ${given}.`);
      const input = { auditId, file, name: path.basename(file) };
      const { importFindings, previewFindingsImport } = await importer();
      const core = open({ mustExist: true });
      if (!values.confirm) {
        const preview = await previewFindingsImport(core, input);
        if (values.json) return printJson(io, preview), 0;
        printPreview(io, preview);
        io.out(preview.valid > 0 ? `Nothing written yet: run again with --confirm to import the ${preview.valid} valid row(s).` : 'Nothing can be imported: correct the rows above.');
        return 0;
      }
      const result: FindingsImportResult = await importFindings(core, input);
      if (values.json) return printJson(io, result), 0;
      io.out(`Imported ${result.imported} finding(s) as drafts; ${result.skipped.length} row(s) skipped.`);
      for (const skipped of result.skipped) io.out(`  row ${skipped.row}: ${skipped.reasons.join('; ')}`);
      return 0;
    },
  },
];
