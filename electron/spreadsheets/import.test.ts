import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import { SpreadsheetExportRequest } from '../../shared/api/spreadsheets';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { createAudit, finaliseAudit } from '../audits/service';
import { listFindings } from '../findings/service';
import type { Core } from '../services';
import { verifyAll } from '../system/verify';
import { conclude } from '../../tests/helpers/conclude';
import { populatedAudit } from './audit.fixture';
import { exportSpreadsheet } from './export';
import { importFindings, previewFindingsImport } from './finding-import';
import { readSheetFile } from './sheet-read';
import { zipOf } from './zip.fixture';

// Findings in from spreadsheets: what the app exported comes back the same into another audit; a
// team's own file is previewed row by row with nothing written; hostile files are refused in one
// sentence, and no CSV whatever makes the reader do anything but answer or refuse.

const write = (name: string, content: string | Buffer): string => {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
};
const compared = (core: Core, auditId: string) =>
  listFindings(core, auditId)
    .map(({ title, severity, controlId, stage, criteria, condition, cause, effect, recommendation, ownerRole, ownerName, dueAt, confidential }) => ({
      title, severity, controlId, stage, criteria, condition, cause, effect, recommendation, ownerRole, ownerName, dueAt, confidential,
    }))
    .sort((a, b) => a.title.localeCompare(b.title));

async function workbookFile(name: string, rows: ExcelJS.CellValue[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  return write(name, Buffer.from(await workbook.xlsx.writeBuffer()));
}

describe('findings exported, then imported into a second audit', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`come back with the same fields (${format})`, async () => {
      const core = testCore();
      const { audit } = await populatedAudit(core);
      const exported = await exportSpreadsheet(core, SpreadsheetExportRequest.parse({ auditId: audit.id, format, part: format === 'csv' ? 'findings' : 'all' }));
      const file = write(exported.fileName, exported.bytes);
      const second = createAudit(core, { name: 'Second', description: '' });

      const preview = await previewFindingsImport(core, { auditId: second.id, file, name: exported.fileName });
      expect(preview).toMatchObject({ format, total: 2, valid: 2, invalid: 0, sheet: format === 'xlsx' ? 'Findings' : null });
      expect(preview.rows.find((r) => r.title === 'CAB approval missing')?.notes).toEqual([expect.stringMatching(/^comes in as a draft \(the file says in-remediation\)/)]);
      expect(listFindings(core, second.id)).toHaveLength(0);

      const result = await importFindings(core, { auditId: second.id, file, name: exported.fileName });
      expect(result).toMatchObject({ imported: 2, skipped: [] });
      expect(compared(core, second.id)).toEqual(compared(core, audit.id));
      expect(listFindings(core, second.id).every((f) => f.status === 'draft')).toBe(true);
      expect((await verifyAll(core)).ok).toBe(true);
    });
  }
});

describe("a team's spreadsheet of findings", () => {
  it('is previewed with row-level errors and nothing written; confirming writes the valid rows in one go and lists the skipped ones', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Migration', description: '' });
    const file = write(
      'team.csv',
      [
        'Finding;Priority;Control ID;Assignee;Due date;Root cause;Internal',
        'No CAB minutes;High;ra-rfc-01;Jo Smith;2199-02-01;Rushed;yes',
        ';Low;;;;;',
        'Bad date;Medium;;;03/04/2026;;',
        'Unknown control;Urgent;RA-NOPE-01;;;;maybe',
        'Fine one;;;;;;',
      ].join('\n'),
    );
    const preview = await previewFindingsImport(core, { auditId: audit.id, file, name: 'team.csv' }, '2026-12-02');
    expect(preview.columns).toEqual([
      { header: 'Finding', field: 'title' },
      { header: 'Priority', field: 'severity' },
      { header: 'Control ID', field: 'controlId' },
      { header: 'Assignee', field: 'ownerName' },
      { header: 'Due date', field: 'dueAt' },
      { header: 'Root cause', field: 'cause' },
      { header: 'Internal', field: 'confidential' },
    ]);
    expect(preview).toMatchObject({ total: 5, valid: 2, invalid: 3 });
    expect(preview.rows.flatMap((r) => r.errors)).toEqual([
      { row: 3, column: 'Finding', message: 'is empty: every finding needs a title' },
      { row: 4, column: 'Due date', message: '"03/04/2026" is not a date like 2026-01-31 (write dates as year-month-day)' },
      { row: 5, column: 'Priority', message: '"Urgent" is not a severity: use critical, major (or high), minor (or medium, low) or informational' },
      { row: 5, column: 'Control ID', message: '"RA-NOPE-01" is not a control of the library (controls look like RA-RFC-01)' },
      { row: 5, column: 'Internal', message: '"maybe" is not yes or no' },
    ]);
    expect(preview.rows[0]).toMatchObject({ row: 2, title: 'No CAB minutes', severity: 'major', controlId: 'RA-RFC-01', ownerName: 'Jo Smith', dueAt: '2199-02-01' });
    expect(listFindings(core, audit.id)).toHaveLength(0);

    const result = await importFindings(core, { auditId: audit.id, file, name: 'team.csv' }, '2026-12-02');
    expect(result.imported).toBe(2);
    expect(result.skipped.map((s) => s.row)).toEqual([3, 4, 5]);
    expect(result.skipped[2]?.reasons).toContain('Control ID: "RA-NOPE-01" is not a control of the library (controls look like RA-RFC-01)');
    const imported = listFindings(core, audit.id);
    expect(imported.find((f) => f.title === 'No CAB minutes')).toMatchObject({ severity: 'major', controlId: 'RA-RFC-01', ownerName: 'Jo Smith', cause: 'Rushed', confidential: true, dueAt: '2199-02-01' });
    // Each finding went through the findings service: one ledger entry each, like any other.
    const entries = core.sqlite.prepare("SELECT count(*) AS n FROM ledger WHERE entity = 'findings' AND op = 'insert'").get() as { n: number };
    expect(entries.n).toBe(2);
  });

  it('refuses a formula cell of an XLSX in its row, takes its dates as dates, and refuses a past due date', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'XLSX', description: '' });
    const file = await workbookFile('team.xlsx', [
      ['Title', 'Severity', 'Due', 'Owner'],
      ['Formula title', 'major', new Date(Date.UTC(2199, 0, 5)), { formula: 'CONCAT("J","o")', result: 'Jo' }],
      ['Dated', 'critical', new Date(Date.UTC(2199, 0, 5)), 'Ana'],
      ['Overdue already', 'minor', new Date(Date.UTC(2020, 0, 5)), ''],
    ]);
    const preview = await previewFindingsImport(core, { auditId: audit.id, file, name: 'team.xlsx' }, '2026-12-02');
    expect(preview.rows.map((r) => [r.row, r.dueAt, r.errors.map((e) => `${e.column}: ${e.message}`)])).toEqual([
      [2, '2199-01-05', ['Owner: holds a formula (=CONCAT("J","o")); the import reads values only: paste it as a value']],
      [3, '2199-01-05', []],
      [4, null, ['Due: 2020-01-05 is in the past: a finding imported today cannot be due before today; correct the date or leave it empty']],
    ]);
  });

  it('is refused whole when it has no title column, a field twice, or the audit is finalised', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Refusals', description: '' });
    const noTitle = write('no-title.csv', 'Severity,Owner\nmajor,Jo\n');
    await expect(previewFindingsImport(core, { auditId: audit.id, file: noTitle, name: 'no-title.csv' })).rejects.toThrow(
      'no-title.csv has no column of finding titles: its first row must name one "Title" (or "finding", "finding title", "name").',
    );
    const twice = write('twice.csv', 'Title,Owner,Assignee\nA,Jo,Ana\n');
    await expect(previewFindingsImport(core, { auditId: audit.id, file: twice, name: 'twice.csv' })).rejects.toThrow('twice.csv has two columns read as Owner: "Owner" and "Assignee"; keep one.');
    const nothingValid = write('bad.csv', 'Title,Severity\nA,urgent\n');
    await expect(importFindings(core, { auditId: audit.id, file: nothingValid, name: 'bad.csv' })).rejects.toThrow(/^No row of bad.csv can be imported: each has an error \(row 2: Severity: "urgent"/);
    expect(listFindings(core, audit.id)).toHaveLength(0);
  });
});

describe('hostile files', () => {
  const refusal = async (file: string, name: string) => {
    try {
      await readSheetFile(file, name);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return (error as Error).message;
    }
    throw new Error(`${name} was read`);
  };

  it('are refused in one sentence: not UTF-8, UTF-16, old .xls, PDF, binary, empty, huge, broken quotes', async () => {
    expect(await refusal(write('latin1.csv', Buffer.from('Title\nCaf\xe9\n', 'latin1')), 'latin1.csv')).toBe('latin1.csv is refused: it is not UTF-8 text (save it as CSV UTF-8).');
    expect(await refusal(write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Title\n', 'utf16le')])), 'utf16.csv')).toBe('utf16.csv is refused: it is UTF-16 text; save it as CSV UTF-8.');
    expect(await refusal(write('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), 'old.xls')).toMatch(/^old.xls is refused: it is an old Excel \(.xls\) or password-protected workbook; save it as .xlsx \(unprotected\) or CSV UTF-8\.$/);
    expect(await refusal(write('report.pdf', '%PDF-1.7\n'), 'report.pdf')).toBe('report.pdf is refused: it is a PDF, not a spreadsheet.');
    expect(await refusal(write('blob.bin', Buffer.from([1, 2, 0, 4])), 'blob.bin')).toBe('blob.bin is refused: it is a binary file, not a CSV or XLSX spreadsheet.');
    expect(await refusal(write('empty.csv', ''), 'empty.csv')).toBe('empty.csv is empty.');
    const huge = write('huge.csv', Buffer.alloc(17 * 1024 * 1024, 'a'));
    expect(await refusal(huge, 'huge.csv')).toBe('huge.csv is refused: it is 17.0 MB, over the 16 MB a findings import takes; split it.');
    const many = write('many.csv', `Title\n${'x\n'.repeat(20_001)}`);
    expect(await refusal(many, 'many.csv')).toBe('many.csv is refused: it has 20,001 rows, over the 20,000 one import takes; split it.');
    expect(await refusal(write('quote.csv', 'Title\n"never closed\n'), 'quote.csv')).toMatch(/^quote.csv is not a CSV file this app can read: .*\.$/);
  });

  it('refuses a zip bomb dressed as XLSX before exceljs reads it, whether its sizes are told or lied about, and a zip that is no workbook', async () => {
    // A real deflate stream of 200 MB of zeros in about 200 KB, in a zip that says so, and in one that says 1 KB.
    const zeros = deflateRawSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 });
    expect(zeros.length).toBeLessThan(1024 * 1024);
    const told = zipOf([{ name: 'xl/worksheets/sheet1.xml', deflated: zeros, size: 200 * 1024 * 1024 }]);
    expect(await refusal(write('bomb.xlsx', told), 'bomb.xlsx')).toBe('bomb.xlsx is refused: it would unpack to more than 160 MB (a zip bomb, or far more than findings).');
    const lying = zipOf([{ name: 'xl/worksheets/sheet1.xml', deflated: zeros, size: 1024 }]);
    expect(await refusal(write('liar.xlsx', lying), 'liar.xlsx')).toBe('liar.xlsx is refused: its files unpack to other sizes than it declares (a zip bomb, or a damaged file).');
    const crowded = zipOf(Array.from({ length: 1001 }, (_, i) => ({ name: `f${i}.xml`, deflated: deflateRawSync(Buffer.from('x')), size: 1 })));
    expect(await refusal(write('crowded.xlsx', crowded), 'crowded.xlsx')).toBe('crowded.xlsx is refused: it holds 1001 files, more than the 1000 a workbook of findings needs.');
    const notBook = write('plain.xlsx', zipOf([{ name: 'hello.txt', deflated: deflateRawSync(Buffer.from('hi')), size: 2 }]));
    expect(await refusal(notBook, 'plain.xlsx')).toMatch(/^plain.xlsx (is not an XLSX workbook this app can read|has no sheet with rows to import)/);
    expect(await refusal(write('cut.xlsx', told.subarray(0, 2000)), 'cut.xlsx')).toMatch(/^cut.xlsx is refused: it is not a readable XLSX workbook/);
  });

  it('never make the CSV reader do anything but read or refuse in words (fast-check)', async () => {
    const alphabet = fc.constantFrom('a', 'Z', '1', ',', ';', '"', '\n', '\r', ' ', '=', "'", 'é', '\u0000', '\ufeff', '\t');
    await fc.assert(
      fc.asyncProperty(fc.array(alphabet, { maxLength: 120 }), async (chars) => {
        const text = chars.join('');
        const file = write('fuzz.csv', text);
        try {
          const sheet = await readSheetFile(file, 'fuzz.csv');
          expect(Array.isArray(sheet.rows)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as Error).message).toMatch(/^fuzz\.csv .*\.$/s);
        } finally {
          fs.rmSync(file);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('a finalised audit', () => {
  it('takes no imported findings', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Done', description: '' });
    conclude(core, audit.id);
    finaliseAudit(core, audit.id);
    const file = write('ok.csv', 'Title\nA finding\n');
    await expect(previewFindingsImport(core, { auditId: audit.id, file, name: 'ok.csv' })).rejects.toThrow('The audit "Done" is finalised: findings can no longer be added to it.');
  });
});
