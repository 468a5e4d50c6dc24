import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import XlsxPopulate from 'xlsx-populate';

type PopulateSheet = XlsxPopulate.Sheet;
import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';
import { SpreadsheetExportRequest } from '../../shared/api/spreadsheets';
import { hostileText, populatedAudit, testProvider } from './audit.fixture';
import { tableToCsv } from './csv-write';
import { exportSpreadsheet } from './export';

// The spreadsheets an audit leaves as, opened by other readers: the XLSX by a second library
// (xlsx-populate, not the exceljs that wrote it), the CSV by csv-parse.

const request = (auditId: string, extra: Record<string, unknown> = {}) => SpreadsheetExportRequest.parse({ auditId, ...extra });

/** The headers of row 1, and the column letter of each. */
function headersOf(sheet: PopulateSheet): Map<string, string> {
  const found = new Map<string, string>();
  const end = sheet.usedRange()?.endCell().columnNumber() ?? 0;
  for (let c = 1; c <= end; c++) {
    const letter = String.fromCharCode(64 + c);
    found.set(String(sheet.cell(`${letter}1`).value()), letter);
  }
  return found;
}

describe('the XLSX export, read by a second library', () => {
  it('has a sheet per part, typed cells, a frozen header, a filter and readable widths', async () => {
    const core = testCore();
    const { audit, open } = await populatedAudit(core);
    const file = await exportSpreadsheet(core, request(audit.id), { providers: [testProvider] });
    expect(file.fileName).toBe('q4-payments-spreadsheet.xlsx');
    const book = await XlsxPopulate.fromDataAsync(file.bytes);
    expect(book.sheets().map((s) => s.name())).toEqual(['Findings', 'Checklist', 'Remediation', 'KPIs', 'DORA keys', 'Facts approval', 'Facts change']);

    for (const sheet of book.sheets()) {
      expect(sheet.panes(), sheet.name()).toMatchObject({ state: 'frozen', ySplit: 1 });
      const filter = sheet._node.children.find((n) => n.name === 'autoFilter');
      const end = sheet.usedRange()?.endCell();
      expect(filter?.attributes.ref, sheet.name()).toBe(`A1:${String.fromCharCode(64 + (end?.columnNumber() ?? 1))}${end?.rowNumber()}`);
    }

    const findings = book.sheet('Findings') as PopulateSheet;
    const columns = headersOf(findings);
    const rowOf = (id: string) => {
      for (let r = 2; r < 10; r++) if (findings.cell(`A${r}`).value() === id) return r;
      throw new Error(`no row for ${id}`);
    };
    const r = rowOf(open);
    const at = (header: string, row = r) => findings.cell(`${columns.get(header)}${row}`);
    expect(at('Title').value()).toBe('CAB approval missing');
    expect(at('Owner').value()).toBe('Ana Lopez');
    // A date is a number (Excel's serial day) with a date format, not text.
    expect(typeof at('Due').value()).toBe('number');
    expect(at('Due').style('numberFormat')).toBe('yyyy-mm-dd');
    expect(typeof at('Raised (UTC)').value()).toBe('number');
    expect(at('Raised (UTC)').style('numberFormat')).toBe('yyyy-mm-dd hh:mm:ss');
    expect(at('Evidence').value()).toBe(1);
    expect(at('Confidential').value()).toBe(false);
    // A text that looks like a formula stays text in XLSX: a string cell is never run.
    const hostile = [2, 3].find((row) => at('Condition', row).value() === hostileText);
    expect(hostile).toBeDefined();
    expect(at('Confidential', hostile).value()).toBe(true);

    // Widths follow the values, within bounds: the title column is wider than the severity's.
    const width = (header: string) => findings.column(columns.get(header) as string).width() ?? 0;
    expect(width('Title')).toBeGreaterThan(width('Severity'));
    expect(width('Condition')).toBeLessThanOrEqual(60);
    expect(width('Due')).toBeGreaterThanOrEqual(12);

    const remediation = book.sheet('Remediation') as PopulateSheet;
    const rem = headersOf(remediation);
    expect(remediation.cell(`${rem.get('Status')}2`).value()).toBe('in-remediation');
    expect(remediation.cell(`${rem.get('Overdue')}2`).value()).toBe(false);
    expect(remediation.cell(`${rem.get('Days overdue')}2`).value()).toBe(0);
    expect(String(remediation.cell(`${rem.get('History')}2`).value())).toMatch(/raised as draft.*\n.*became open.*\n.*became in-remediation.*\n.*owner Ana Lopez/);

    const kpi = book.sheet('KPIs') as PopulateSheet;
    const k = headersOf(kpi);
    expect(kpi.cell(`${k.get('Value')}2`).value()).toBe(12.5);
    expect(kpi.cell(`${k.get('Based on')}2`).value()).toBe(8);
    expect(kpi.cell(`${k.get('Value')}3`).value()).toBeUndefined();

    const facts = book.sheet('Facts change') as PopulateSheet;
    const f = headersOf(facts);
    expect(f.has('File') && f.has('Line from')).toBe(true);
    expect(typeof facts.cell(`${f.get('Line from')}2`).value()).toBe('number');

    const checklist = book.sheet('Checklist') as PopulateSheet;
    const c = headersOf(checklist);
    const results = Array.from({ length: 200 }, (_, i) => checklist.cell(`${c.get('Result')}${i + 2}`).value()).filter(Boolean);
    expect(results).toContain('fail');
    expect(results).toContain('pass');
    expect(results).toContain('not-tested');
  });

  it('marks a finding past its due date as overdue, by how many days', async () => {
    const core = testCore();
    const { audit } = await populatedAudit(core);
    const file = await exportSpreadsheet(core, request(audit.id, { part: 'remediation' }), { today: '2199-03-01' });
    const book = await XlsxPopulate.fromDataAsync(file.bytes);
    const sheet = book.sheet('Remediation') as PopulateSheet;
    const h = headersOf(sheet);
    expect(sheet.cell(`${h.get('Overdue')}2`).value()).toBe(true);
    expect(sheet.cell(`${h.get('Days overdue')}2`).value()).toBeGreaterThan(60_000);
  });
});

describe('the CSV export, read by csv-parse', () => {
  it('is RFC 4180: CRLF records, quotes doubled, awkward fields quoted, formulas defused, UTF-8 with an optional BOM', async () => {
    const core = testCore();
    const { audit } = await populatedAudit(core);
    const file = await exportSpreadsheet(core, request(audit.id, { format: 'csv' }));
    expect(file.fileName).toBe('q4-payments-findings.csv');
    const text = file.bytes.toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(false);
    expect(text.endsWith('\r\n')).toBe(true);
    // Every line break outside a quoted field is CRLF.
    expect(text.replace(/"(?:[^"]|"")*"/g, '').match(/(?<!\r)\n/g)).toBeNull();
    expect(text).toContain('"Says ""no"", then =SUM(A1:A9), commas, and\na second line: Ünïcødé ✓"');
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(2);
    const draft = rows.find((r) => r.Severity === 'minor') as Record<string, string>;
    expect(draft.Condition).toBe(hostileText);
    // A text starting with - (a formula to Excel) is written with a ' before it.
    expect(draft.Title).toBe(`'-1 approvals, "quoted", on R1`);
    expect(draft.Confidential).toBe('TRUE');
    expect(draft.Due).toBe('2199-01-31');
    expect(draft.Evidence).toBe('0');

    const withBom = await exportSpreadsheet(core, request(audit.id, { format: 'csv', part: 'checklist', bom: true }));
    expect(withBom.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const checklist = parse(withBom.bytes, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(checklist.find((r) => r.Result === 'fail')).toMatchObject({ Item: 'RA-RFC-01', Release: 'R-2026.11', Note: 'No RFC, "urgent", see ticket' });
  });

  it('writes a part of several sheets as one table, naming the sheet of each row', async () => {
    const core = testCore();
    const { audit } = await populatedAudit(core);
    const file = await exportSpreadsheet(core, request(audit.id, { format: 'csv', part: 'kpis' }), { providers: [testProvider] });
    const rows = parse(file.bytes, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.Sheet, r.Chart, r['Period or category'], r.Value])).toEqual([
      ['KPIs', 'kpi.control-failure-rate', '2026-10', '12.5'],
      ['KPIs', 'kpi.control-failure-rate', '2026-11', ''],
      ['DORA keys', 'dora.lead-time', '2026-11', '30'],
    ]);
    const facts = parse((await exportSpreadsheet(core, request(audit.id, { format: 'csv', part: 'facts' }))).bytes, { columns: true }) as Array<Record<string, string>>;
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.every((r) => r.File === 'servicenow-changes.csv')).toBe(true);
  });

  it('refuses all parts as one CSV, and a provider that fails is named', async () => {
    const core = testCore();
    const { audit } = await populatedAudit(core);
    await expect(exportSpreadsheet(core, request(audit.id, { format: 'csv', part: 'all' }))).rejects.toThrow(/A CSV file holds one table: name a part/);
    const broken = { id: 'broken-kpis', charts: () => { throw new Error('division by zero'); } };
    await expect(exportSpreadsheet(core, request(audit.id, { part: 'kpis' }), { providers: [broken] })).rejects.toThrow('The broken-kpis figures could not be computed: division by zero');
  });
});

describe('any table as CSV (fast-check)', () => {
  it('reads back through csv-parse as the same texts, a formula-like text with its \' before it', () => {
    const cell = fc.oneof(fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', '=', '+', '-', '@', "'", 'é', '\t') }), fc.constant('plain'));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 8 }), (rows) => {
        const text = tableToCsv({ sheet: 'T', columns: [{ header: 'A', type: 'text' }, { header: 'B', type: 'text' }], rows });
        const read = parse(text, { relax_column_count: false }) as string[][];
        expect(read).toEqual([['A', 'B'], ...rows.map((r) => r.map((v) => (/^'*[=+\-@\t\r]/.test(v) ? `'${v}` : v)))]);
      }),
      { numRuns: 300 },
    );
  });
});
