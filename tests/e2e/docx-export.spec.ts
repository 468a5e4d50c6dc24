import fs from 'node:fs';
import { createRequire } from 'node:module';
import { apiCall } from './api-call';
import { expect, test } from './fixtures';

// The Export menu's editable report: the DOCX is written in the background with its progress, offered
// for download, and opens in a second library as a Word document whose first page says the signed PDF
// is the record.

const require = createRequire(import.meta.url);
const mammoth = require('mammoth') as { convertToHtml(input: { buffer: Buffer }): Promise<{ value: string }> };

test('the Export menu writes the report as an editable DOCX for download', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  await apiCall<{ id: string }>(page, host.origin, 'audits.create', { name: 'Commented audit' });

  await page.keyboard.press('Alt+7');
  await page.getByRole('button', { name: 'Commented audit' }).click();
  const panel = page.getByRole('region', { name: 'Export' });
  await panel.getByRole('button', { name: 'Export ▾' }).click();
  await panel.getByRole('menuitem', { name: 'Editable report for comments (DOCX)' }).click();
  const link = panel.getByRole('link', { name: /^Download RA-\d{8}-[0-9A-F]{6}-full-internal\.docx$/ });
  await expect(link).toBeFocused();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const { value: html } = await mammoth.convertToHtml({ buffer: fs.readFileSync((await download.path()) as string) });
  expect(html).toContain('This DOCX is an editable copy of the report');
  expect(html).toContain('No signed PDF of this report has been issued yet');
  expect(html).toMatch(/<h1>(<a id="[^"]+"><\/a>)?<strong>Overall conclusion<\/strong><\/h1>/);
});
