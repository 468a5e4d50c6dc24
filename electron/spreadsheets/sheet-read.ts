import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../shared/api/errors';
import { checkZip } from './zip-check';

// A team's spreadsheet read into rows of cells, whatever it is: a CSV (UTF-8, comma or semicolon)
// or an XLSX workbook (checked for zip bombs first). Anything else, too big, or not text is refused
// in one sentence before it is parsed. Nothing here knows what a finding is.

export const SHEET_LIMITS = { maxBytes: 16 * 1024 * 1024, maxRows: 20_000, maxColumns: 100 };

/** A cell as read: a value, or what the import refuses to take as one (a formula, an error). */
export type RawCell = string | number | boolean | Date | null | { formula: string } | { error: string };

export interface ReadSheet {
  format: 'csv' | 'xlsx';
  sheet: string | null;
  headers: string[];
  /** Data rows with their row number in the file as a spreadsheet shows it (the header is row 1). */
  rows: Array<{ row: number; cells: RawCell[] }>;
}

const starts = (bytes: Buffer, ...magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** What kind of file the bytes are; a refusal for the kinds that are not a CSV or an XLSX. */
function kindOf(bytes: Buffer, name: string): 'csv' | 'xlsx' {
  const refuse = (why: string) => new AppError('VALIDATION', `${name} is refused: ${why}.`);
  if (starts(bytes, 0x50, 0x4b, 0x03, 0x04)) return 'xlsx';
  if (starts(bytes, 0xd0, 0xcf, 0x11, 0xe0)) throw refuse('it is an old Excel (.xls) or password-protected workbook; save it as .xlsx (unprotected) or CSV UTF-8');
  if (starts(bytes, 0x25, 0x50, 0x44, 0x46)) throw refuse('it is a PDF, not a spreadsheet');
  if (starts(bytes, 0xff, 0xfe) || starts(bytes, 0xfe, 0xff)) throw refuse('it is UTF-16 text; save it as CSV UTF-8');
  if (bytes.subarray(0, 8192).includes(0)) throw refuse('it is a binary file, not a CSV or XLSX spreadsheet');
  return 'csv';
}

export async function readSheetFile(file: string, name: string): Promise<ReadSheet> {
  const size = fs.statSync(file).size;
  if (size === 0) throw new AppError('VALIDATION', `${name} is empty.`);
  if (size > SHEET_LIMITS.maxBytes) throw new AppError('VALIDATION', `${name} is refused: it is ${(size / 1024 ** 2).toFixed(1)} MB, over the ${SHEET_LIMITS.maxBytes / 1024 ** 2} MB a findings import takes; split it.`);
  const bytes = fs.readFileSync(file);
  const sheet = kindOf(bytes, name) === 'xlsx' ? await readXlsx(bytes, name) : readCsv(bytes, name);
  if (sheet.rows.length > SHEET_LIMITS.maxRows) throw new AppError('VALIDATION', `${name} is refused: it has ${sheet.rows.length.toLocaleString('en')} rows, over the ${SHEET_LIMITS.maxRows.toLocaleString('en')} one import takes; split it.`);
  if (sheet.headers.length > SHEET_LIMITS.maxColumns) throw new AppError('VALIDATION', `${name} is refused: it has ${sheet.headers.length} columns, over the ${SHEET_LIMITS.maxColumns} one import reads.`);
  return sheet;
}

function readCsv(bytes: Buffer, name: string): ReadSheet {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('VALIDATION', `${name} is refused: it is not UTF-8 text (save it as CSV UTF-8).`);
  }
  text = text.replace(/^\ufeff/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, max_record_size: 1024 * 1024 }) as string[][];
  } catch (error) {
    const why = (error as Error).message.replace(/^[A-Za-z ]*:\s*/, '').replace(/\.$/, '');
    throw new AppError('VALIDATION', `${name} is not a CSV file this app can read: ${why}.`);
  }
  const [headers = [], ...rest] = records;
  // Row numbers count records as a spreadsheet shows them: the header is row 1.
  const rows = rest.map((cells, i) => ({ row: i + 2, cells: cells as RawCell[] })).filter((r) => r.cells.some((c) => String(c).trim() !== ''));
  return { format: 'csv', sheet: null, headers: headers.map((h) => h.trim()), rows };
}

function cellOf(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('formula' in value || 'sharedFormula' in value) return { formula: String((value as { formula?: string; sharedFormula?: string }).formula ?? (value as { sharedFormula?: string }).sharedFormula ?? '') };
  if ('error' in value) return { error: String(value.error) };
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value) return String((value as { text: unknown }).text);
  return null;
}

async function readXlsx(bytes: Buffer, name: string): Promise<ReadSheet> {
  await checkZip(bytes, name);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new AppError('VALIDATION', `${name} is not an XLSX workbook this app can read (${(error as Error).message.replace(/\.$/, '')}).`);
  }
  const sheets = workbook.worksheets.filter((s) => s.state !== 'hidden' && s.state !== 'veryHidden');
  const chosen = sheets.find((s) => s.name.toLowerCase() === 'findings') ?? sheets.find((s) => s.actualRowCount > 0);
  if (!chosen) throw new AppError('VALIDATION', `${name} has no sheet with rows to import.`);
  if (chosen.rowCount > 1 + 20_000 * 5) throw new AppError('VALIDATION', `${name} is refused: its sheet "${chosen.name}" has ${chosen.rowCount} rows.`);
  const width = Math.min(chosen.columnCount, 200);
  let headerRow = 0;
  const rows: ReadSheet['rows'] = [];
  let headers: string[] = [];
  chosen.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: RawCell[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellOf(row.getCell(c).value));
    if (headerRow === 0) {
      headerRow = number;
      headers = cells.map((cell) => (cell === null || typeof cell === 'object' ? (cell instanceof Date ? cell.toISOString() : '') : String(cell).trim()));
      while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
      return;
    }
    if (cells.some((cell) => cell !== null && String(cell).trim() !== '')) rows.push({ row: number, cells });
  });
  return { format: 'xlsx', sheet: chosen.name, headers, rows };
}
