import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import XlsxPopulate from 'xlsx-populate';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';

// `release-audit export xlsx|csv` and `release-audit import findings` as people run them: a workbook
// another library opens, a CSV per part, a preview that writes nothing, then the import; `import FILE`
// (a pipeline log) still works beside `import findings`.

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function auditWithFindings(dir: string): Promise<string> {
  const audit = JSON.parse((await cli('--data-dir', dir, 'audit', 'create', '--name', 'CLI sheets', '--json')).out) as { id: string };
  for (const title of ['CAB approval missing', '=HYPERLINK("http://x")']) {
    const added = await cli('--data-dir', dir, 'finding', 'add', '--audit', audit.id, '--title', title, '--severity', 'critical', '--control', 'RA-RFC-01');
    expect(added.code, added.err).toBe(0);
  }
  return audit.id;
}

describe('release-audit export xlsx and csv', () => {
  it('writes a workbook a second library opens, and one part as CSV with an optional BOM', async () => {
    const dir = tempDir();
    const auditId = await auditWithFindings(dir);
    const folder = tempDir();
    const xlsx = path.join(folder, 'q4.xlsx');
    const ran = await cli('--data-dir', dir, 'export', 'xlsx', '--audit', auditId, '--out', xlsx);
    expect(ran.code, ran.err).toBe(0);
    expect(ran.out).toMatch(/^Wrote .*q4\.xlsx \(XLSX, Findings: 2, Checklist: 0, Remediation: 0, KPIs: 0, Emergency releases: 0, DORA keys: 0, Findings trend: 0, Facts: 0, \d+ bytes\)$/);
    const book = await XlsxPopulate.fromDataAsync(fs.readFileSync(xlsx));
    expect(book.sheets().map((s) => s.name())).toEqual(['Findings', 'Checklist', 'Remediation', 'KPIs', 'Emergency releases', 'DORA keys', 'Findings trend', 'Facts']);

    const csv = path.join(folder, 'q4.csv');
    const wrote = await cli('--data-dir', dir, 'export', 'csv', '--audit', auditId, '--out', csv, '--bom');
    expect(wrote.code, wrote.err).toBe(0);
    const bytes = fs.readFileSync(csv);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(bytes, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.Title).sort()).toEqual([`'=HYPERLINK("http://x")`, 'CAB approval missing']);

    const remediation = path.join(folder, 'remediation.csv');
    expect((await cli('--data-dir', dir, 'export', 'csv', '--audit', auditId, '--out', remediation, '--part', 'remediation')).code).toBe(0);
    expect(fs.readFileSync(remediation, 'utf8').split('\r\n')[0]).toBe('ID,Title,Severity,Status,Owner,Owner role,Due,Overdue,Days overdue,Remediation plan,Raised (UTC),Last change (UTC),History');
  });

  it('refuses a wrong --part and all parts as one CSV, writing nothing', async () => {
    const dir = tempDir();
    const auditId = await auditWithFindings(dir);
    const folder = tempDir();
    const wrong = await cli('--data-dir', dir, 'export', 'csv', '--audit', auditId, '--out', path.join(folder, 'x.csv'), '--part', 'everything');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--part must be one of findings, checklist, remediation, kpis, facts.');
    const all = await cli('--data-dir', dir, 'export', 'csv', '--audit', auditId, '--out', path.join(folder, 'x.csv'), '--part', 'all');
    expect(all.code).toBe(2);
    expect(all.err).toContain('A CSV file holds one table: name a part');
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});

describe('release-audit import findings', () => {
  it('previews without writing, then imports the valid rows with --confirm and lists those skipped', async () => {
    const dir = tempDir();
    const auditId = await auditWithFindings(dir);
    const file = path.join(tempDir(), 'team.csv');
    fs.writeFileSync(file, 'Title,Severity,Owner,Notes\r\nBackout plan untested,high,Jo Smith,kept aside\r\nSecond,urgent,,\r\n');
    const preview = await cli('--data-dir', dir, 'import', 'findings', file, '--audit', auditId);
    expect(preview.code, preview.err).toBe(0);
    expect(preview.out).toBe(
      [
        'team.csv: 2 row(s), 1 to import, 1 with errors.',
        'Columns read: Title → title, Severity → severity, Owner → ownerName; not read: Notes.',
        '  row 3, Severity: "urgent" is not a severity: use critical, major (or high), minor (or medium, low) or informational',
        'Nothing written yet: run again with --confirm to import the 1 valid row(s).',
      ].join('\n'),
    );
    const listed = async () => (await cli('--data-dir', dir, 'finding', 'list', '--audit', auditId)).out;
    expect(await listed()).not.toContain('Backout plan untested');
    const confirmed = await cli('--data-dir', dir, 'import', 'findings', file, '--audit', auditId, '--confirm');
    expect(confirmed.code, confirmed.err).toBe(0);
    expect(confirmed.out).toBe('Imported 1 finding(s) as drafts; 1 row(s) skipped.\n  row 3: Severity: "urgent" is not a severity: use critical, major (or high), minor (or medium, low) or informational');
    expect(await listed()).toContain('Backout plan untested');
  });

  it('refuses a file that is no spreadsheet in one sentence, and `import FILE` still imports a pipeline log', async () => {
    const dir = tempDir();
    const auditId = await auditWithFindings(dir);
    const pdf = path.join(tempDir(), 'report.pdf');
    fs.writeFileSync(pdf, '%PDF-1.7\n');
    const refused = await cli('--data-dir', dir, 'import', 'findings', pdf, '--audit', auditId);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe('release-audit: report.pdf is refused: it is a PDF, not a spreadsheet.');
    const log = await cli('--data-dir', dir, 'import', path.resolve('tests/fixtures/imports/servicenow-changes.csv'), '--audit', auditId);
    expect(log.code, log.err).toBe(0);
    expect(log.out).toMatch(/servicenow/i);
  });
});
