import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { columnWidth, type CellValue, type SheetColumn, type SheetTable } from './table';

// One workbook, a sheet per table: typed cells (numbers as numbers, dates and times as real dates
// with a number format, true/false as booleans), the header row bold and frozen, an auto-filter over
// the table and widths read from the values. Written with exceljs's streaming writer, a few hundred
// rows at a time, so that a cancelled job stops between them.

/** Excel holds at most this many characters in a cell. */
const MAX_CELL = 32_767;
// eslint-disable-next-line no-control-regex -- characters XML 1.0 cannot carry, which would break the sheet
const notXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const formats: Partial<Record<SheetColumn['type'], string>> = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm:ss', number: 'General' };

function cell(value: CellValue, type: SheetColumn['type']): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  if ((type === 'date' || type === 'datetime') && typeof value === 'string') {
    const time = Date.parse(type === 'date' ? `${value}T00:00:00Z` : value);
    return Number.isNaN(time) ? value : new Date(time);
  }
  if (typeof value === 'string') {
    const clean = value.replace(notXml, '\ufffd');
    return clean.length > MAX_CELL ? `${clean.slice(0, MAX_CELL - 1)}…` : clean;
  }
  return value;
}

const column = (n: number): string => {
  let name = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) name = String.fromCharCode(65 + ((i - 1) % 26)) + name;
  return name;
};

export async function writeWorkbook(tables: SheetTable[], options: { onRows?: (done: number, total: number) => Promise<void> | void; creator?: string } = {}): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  workbook.creator = options.creator ?? 'Release Audit';
  workbook.created = new Date();
  const total = tables.reduce((n, t) => n + t.rows.length, 0);
  let done = 0;
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0, topLeftCell: 'A2', activeCell: 'A2' }] });
    sheet.columns = table.columns.map((c, i) => ({
      header: c.header,
      key: String(i),
      width: columnWidth(table, i),
      ...(formats[c.type] ? { style: { numFmt: formats[c.type] as string } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.autoFilter = { from: 'A1', to: `${column(Math.max(1, table.columns.length))}${Math.max(1, table.rows.length + 1)}` };
    sheet.getRow(1).commit();
    for (const [i, values] of table.rows.entries()) {
      sheet.addRow(values.map((v, c) => cell(v, (table.columns[c] as SheetColumn).type))).commit();
      done += 1;
      if (i % 500 === 499) await options.onRows?.(done, total);
    }
    sheet.commit();
    await options.onRows?.(done, total);
  }
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}
