import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import XlsxPopulate from 'xlsx-populate';
import { apiCall } from './api-call';
import { expect, test } from './fixtures';

// Spreadsheets in and out through the screens: a team's CSV of findings previewed with its error
// row named, nothing written until Confirm, then the valid findings in the list; and the audit out
// as an XLSX workbook from the Export menu, opened by a second library.

test('findings come in from a spreadsheet after a preview, and the audit goes out as XLSX', async ({ page, host }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-e2e-sheets-'));
  try {
    const file = path.join(dir, 'team-findings.csv');
    fs.writeFileSync(file, 'Finding,Priority,Assignee,Due date\r\nCAB minutes missing,High,Jo Smith,2199-02-01\r\nRollback never rehearsed,Urgent,,\r\nBackout plan untested,Low,Ana Lopez,\r\n');
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
    const call = <T,>(method: string, data: unknown) => apiCall<T>(page, host.origin, method, data);
    const audit = await call<{ id: string }>('audits.create', { name: 'Spreadsheet audit' });

    await page.keyboard.press('Alt+6');
    await page.getByRole('button', { name: 'Spreadsheet audit' }).click();
    const panel = page.getByRole('region', { name: 'Import findings from a spreadsheet' });
    const chooser = page.waitForEvent('filechooser');
    await panel.getByRole('button', { name: 'Choose a spreadsheet…' }).click();
    await (await chooser).setFiles(file);

    await expect(panel.getByRole('status')).toContainText('team-findings.csv: 3 row(s), 2 to import, 1 with errors.');
    const rows = panel.getByRole('table', { name: 'Rows of the spreadsheet' });
    const bad = rows.getByRole('row').filter({ hasText: 'Rollback never rehearsed' });
    await expect(bad.getByRole('rowheader')).toHaveText('3');
    await expect(bad).toContainText('Priority: "Urgent" is not a severity: use critical, major (or high), minor (or medium, low) or informational');
    // Nothing is written before Confirm.
    expect((await call<{ total: number }>('findings.list', { auditId: audit.id, limit: 10 })).total).toBe(0);

    await panel.getByRole('button', { name: 'Confirm: import 2 finding(s)' }).click();
    await expect(page.getByText('Imported 2 finding(s) from team-findings.csv as drafts; 1 row(s) with errors skipped.')).toBeVisible();
    const list = page.getByRole('complementary', { name: 'Findings list' });
    await expect(list.getByText('CAB minutes missing')).toBeVisible();
    await expect(list.getByText('Backout plan untested')).toBeVisible();
    await expect(list.getByText('Rollback never rehearsed')).toHaveCount(0);

    await page.keyboard.press('Alt+7');
    const exportPanel = page.getByRole('region', { name: 'Export' });
    await exportPanel.getByRole('button', { name: 'Export ▾' }).click();
    await exportPanel.getByRole('menuitem', { name: 'Spreadsheet of the audit (XLSX)' }).click();
    const link = exportPanel.getByRole('link', { name: 'Download spreadsheet-audit-spreadsheet.xlsx' });
    await expect(link).toBeFocused();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const book = await XlsxPopulate.fromDataAsync(fs.readFileSync((await download.path()) as string));
    const findings = book.sheet('Findings');
    expect(findings?.panes()).toMatchObject({ state: 'frozen', ySplit: 1 });
    const titles = [findings?.cell('B2').value(), findings?.cell('B3').value()].sort();
    expect(titles).toEqual(['Backout plan untested', 'CAB minutes missing']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
