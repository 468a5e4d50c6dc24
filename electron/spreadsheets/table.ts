// What every part of a spreadsheet export is: a named table of typed columns. The XLSX writer gives
// each type its cell type and number format, the CSV writer its text; neither knows any part.

export type CellType = 'text' | 'number' | 'date' | 'datetime' | 'boolean';
/** A cell's value: text, a number, true/false, a date (YYYY-MM-DD) or a UTC time (ISO 8601), or nothing. */
export type CellValue = string | number | boolean | null;

export interface SheetColumn {
  header: string;
  type: CellType;
}

export interface SheetTable {
  /** The sheet's name in the workbook (at most 31 characters, none of []:*?/\). */
  sheet: string;
  columns: SheetColumn[];
  rows: CellValue[][];
}

/** Excel's limits: a sheet name's length, and the rows a sheet holds besides its header. */
export const MAX_SHEET_NAME = 31;
export const MAX_SHEET_ROWS = 1_048_575;

/** A sheet name Excel takes: forbidden characters replaced, cut to 31 characters, unique in the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(/[[\]:*?/\\]/g, '-').replace(/^'+|'+$/g, '').trim() || 'Sheet';
  let name = clean.slice(0, MAX_SHEET_NAME);
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${clean.slice(0, MAX_SHEET_NAME - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
const ISO_DATE = /^\d{4}-\d\d-\d\d$/;

/** The type a column of loose values (an imported fact's field) has: one type for all, or text. */
export function columnTypeOf(values: unknown[]): CellType {
  let type: CellType | null = null;
  for (const value of values) {
    if (value === null || value === undefined || value === '') continue;
    const seen: CellType =
      typeof value === 'number' && Number.isFinite(value)
        ? 'number'
        : typeof value === 'boolean'
          ? 'boolean'
          : typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))
            ? 'datetime'
            : typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
              ? 'date'
              : 'text';
    if (type === null) type = seen;
    else if (type !== seen) return 'text';
  }
  return type ?? 'text';
}

/** A loose value as a cell of a column of that type: objects and lists as JSON text. */
export function cellOf(value: unknown, type: CellType): CellValue {
  if (value === null || value === undefined) return null;
  if (type === 'text') return typeof value === 'string' ? value : JSON.stringify(value);
  return value as CellValue;
}

/** A readable column width in characters: the header or the longest of the first rows' values, within 8 to 60. */
export function columnWidth(table: SheetTable, column: number): number {
  const { header, type } = table.columns[column] as SheetColumn;
  if (type === 'date') return Math.max(12, header.length + 2);
  if (type === 'datetime') return Math.max(20, header.length + 2);
  let longest = header.length;
  for (const row of table.rows.slice(0, 500)) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    const firstLine = String(value).split('\n', 1)[0] as string;
    longest = Math.max(longest, firstLine.length);
  }
  return Math.min(60, Math.max(8, longest + 2));
}
