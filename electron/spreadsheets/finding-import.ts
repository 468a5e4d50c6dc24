import { AppError } from '../../shared/api/errors';
import type { FindingsImportPreview, FindingsImportResult } from '../../shared/api/spreadsheets';
import { createFinding } from '../findings/service';
import { loadLibrary } from '../library/library';
import { getAuditRow } from '../rows';
import { transact, type Core } from '../services';
import { checkRow, mapHeaders, type CheckedRow } from './finding-rows';
import { readSheetFile, type ReadSheet } from './sheet-read';

// Findings in from a team's spreadsheet: a preview that writes nothing, then, once confirmed, every
// valid row created through the findings service (so the ledger, sync and search see each one) in
// one transaction, with the rows skipped and why. The file is read and checked again on confirm.

/** How many rows the preview lists (every row with an error is among them, up to this many). */
const PREVIEW_ROWS = 500;

interface Checked {
  sheet: ReadSheet;
  columns: FindingsImportPreview['columns'];
  rows: CheckedRow[];
}

async function checkFile(core: Core, auditId: string, file: string, name: string, today: string): Promise<Checked> {
  const audit = getAuditRow(core, auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', `The audit "${audit.name}" is finalised: findings can no longer be added to it.`);
  const sheet = await readSheetFile(file, name);
  if (sheet.headers.length === 0) throw new AppError('VALIDATION', `${name} has no header row: its first row must name the columns (Title, Severity, Owner…).`);
  const fields = mapHeaders(sheet.headers, name);
  const controls = new Set(loadLibrary(core.appRoot).controlsById.keys());
  const rows = sheet.rows.map((row) => checkRow(row, fields, sheet.headers, controls, today));
  return { sheet, columns: sheet.headers.map((header, i) => ({ header, field: fields[i] ?? null })), rows };
}

export async function previewFindingsImport(core: Core, input: { auditId: string; file: string; name: string }, today = new Date().toISOString().slice(0, 10)): Promise<FindingsImportPreview> {
  const { sheet, columns, rows } = await checkFile(core, input.auditId, input.file, input.name, today);
  const invalid = rows.filter((r) => r.input === null).length;
  const shown = [...rows.slice(0, PREVIEW_ROWS), ...rows.slice(PREVIEW_ROWS).filter((r) => r.input === null)].slice(0, PREVIEW_ROWS * 2);
  return {
    fileName: input.name,
    format: sheet.format,
    sheet: sheet.sheet,
    columns,
    total: rows.length,
    valid: rows.length - invalid,
    invalid,
    rows: shown.map((r) => r.preview),
    truncated: shown.length < rows.length,
  };
}

export async function importFindings(core: Core, input: { auditId: string; file: string; name: string }, today = new Date().toISOString().slice(0, 10)): Promise<FindingsImportResult> {
  const { rows } = await checkFile(core, input.auditId, input.file, input.name, today);
  const valid = rows.filter((r) => r.input !== null);
  const skipped = rows.filter((r) => r.input === null).map((r) => ({ row: r.preview.row, reasons: r.preview.errors.map((e) => `${e.column}: ${e.message}`) }));
  if (rows.length === 0) throw new AppError('VALIDATION', `${input.name} has a header row but no findings under it.`);
  if (valid.length === 0) throw new AppError('VALIDATION', `No row of ${input.name} can be imported: each has an error (row ${skipped[0]?.row}: ${skipped[0]?.reasons[0]}). Nothing was written.`);
  // One transaction over every row: each finding's own write (and ledger entry) is a savepoint inside it.
  const findingIds = transact(core, () => valid.map((r) => createFinding(core, { ...r.input!, auditId: input.auditId }).id));
  return { imported: findingIds.length, findingIds, skipped };
}
