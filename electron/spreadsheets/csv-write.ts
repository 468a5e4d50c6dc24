import type { CellValue, SheetColumn, SheetTable } from './table';

// One table as CSV (RFC 4180): records end with CRLF, a field holding a comma, a quote or a line
// break is quoted with its quotes doubled; UTF-8, with a byte-order mark on request (Excel reads
// accents right only with one). A text that starts with = + - @ (or a tab or carriage return) is
// prefixed with ' so that a spreadsheet opening the file shows it instead of running it as a
// formula; the import takes that ' off again.

// Also a text already starting with ' before one of them, so that the import's taking one ' off gives it back as it was.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
export const UTF8_BOM = '\ufeff';

/** A text cell made safe to open in a spreadsheet: a leading formula character gets a ' before it. */
export const defuseFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

function field(value: CellValue, type: SheetColumn['type']): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = type === 'text' ? defuseFormula(value) : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function tableToCsv(table: SheetTable, options: { bom?: boolean } = {}): string {
  const lines = [table.columns.map((c) => field(c.header, 'text')).join(',')];
  for (const row of table.rows) lines.push(row.map((v, i) => field(v, (table.columns[i] as SheetColumn).type)).join(','));
  return `${options.bom ? UTF8_BOM : ''}${lines.join('\r\n')}\r\n`;
}
