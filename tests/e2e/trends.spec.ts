import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// The Trends view in the real renderer: Alt+9 opens the Improvement area on Trends, the findings
// charts are drawn by ECharts as SVG inside their figures (under the renderer's strict CSP: no
// violation is reported), Tab reaches a chart and its Table toggle, the table shows the numbers and
// CSV downloads them.

const parts = { criteria: 'Every change has an approved RFC.', condition: 'Two did not.', cause: 'Rushed window.', effect: 'Unreviewed code.', recommendation: 'Gate the pipeline.' };

async function seed(page: Page, origin: string) {
  const call = async (method: string, data: unknown) => {
    const body = await (await page.request.post(`${origin}/api/${method}`, { data })).json();
    if (!body.ok) throw new Error(body.error.message);
    return body.value;
  };
  const audit = await call('audits.create', { name: 'Spring audit' });
  for (const severity of ['critical', 'major', 'major']) {
    const finding = await call('findings.create', { auditId: audit.id, title: `A ${severity} finding`, severity, ...parts });
    await call('evidence.addText', {
      auditId: audit.id, kind: 'log-excerpt', text: `proof for ${finding.id}`, sourceSystem: 'CI', sourceFile: 'deploy.log',
      lineStart: 1, lineEnd: 1, url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: finding.id }],
    });
    await call('findings.transition', { id: finding.id, to: 'open', acceptedBy: '', reason: '' });
  }
  return audit;
}

test('Trends draws the findings charts, reachable by keyboard, with their numbers as a table and as CSV', async ({ page, host }) => {
  // Any CSP violation on the page (an inline style ECharts might set as markup, an eval) is collected.
  await page.addInitScript(() => {
    (window as unknown as { cspViolations: string[] }).cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  await seed(page, host.origin);
  // zod's own check whether eval is allowed (caught, and answered "no") is reported as soon as the app
  // starts: what counts is that drawing the charts adds no violation.
  const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  const before = await violations();
  expect(before.every((v) => v.startsWith('script-src eval'))).toBe(true);

  await page.keyboard.press('Alt+9');
  await expect(page.getByRole('heading', { name: 'Improvement', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Trends' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Findings', level: 2 })).toBeVisible();

  const raised = page.getByRole('figure', { name: 'Findings raised per quarter' });
  await expect(raised).toHaveAccessibleDescription(/Findings that left draft in each period/);
  await expect(raised.locator('svg').first()).toBeVisible();
  await expect(raised.locator('svg path').first()).toBeAttached();

  // From the period switch, Tab walks the scope, then every chart with its Table and CSV buttons (the
  // KPI, DORA and emergency charts come first), until the findings chart, then its Table toggle.
  await page.getByLabel('Period').focus();
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby') ? document.activeElement.querySelector('h3')?.textContent : document.activeElement?.textContent);
  let reached = false;
  for (let i = 0; i < 400 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await focused()) === 'Findings raised per quarter';
  }
  expect(reached).toBe(true);
  await expect(raised).toBeFocused();
  await page.keyboard.press('Tab');
  const tableToggle = raised.getByRole('button', { name: 'Table' });
  await expect(tableToggle).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tableToggle).toHaveAttribute('aria-pressed', 'true');
  const quarter = `${new Date().getUTCFullYear()}-Q${Math.ceil((new Date().getUTCMonth() + 1) / 3)}`;
  const row = raised.getByRole('row', { name: new RegExp(`^${quarter}`) });
  // critical 1 (basis 1), major 2 (basis 2), minor 0, informational 0.
  await expect(row.getByRole('cell')).toHaveText(['1', '1', '2', '2', '0', '0', '0', '0']);
  await expect(raised.getByRole('columnheader', { name: 'Basis (critical)' })).toBeVisible();

  const downloading = page.waitForEvent('download');
  await raised.getByRole('button', { name: 'Download the numbers of Findings raised per quarter as CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('findings.raised-quarter-all.csv');
  const csv = fs.readFileSync((await download.path()) as string, 'utf8');
  expect(csv).toBe(`Period,critical (count),critical basis,major (count),major basis,minor (count),minor basis,informational (count),informational basis\r\n${quarter},1,1,2,2,0,0,0,0\r\n`);

  // Switching to audit cycles draws again, under the audit's name.
  await page.getByLabel('Period').selectOption('cycle');
  await expect(page.getByRole('figure', { name: 'Findings raised per audit cycle' }).locator('svg').first()).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Open findings at the end of each audit cycle' })).toBeVisible();
  expect(await violations()).toEqual(before);
});

test('Trends with no data says what fills it', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  await page.keyboard.press('Alt+9');
  const empty = page.getByRole('region', { name: 'No trends to show yet' });
  await expect(empty).toContainText('findings raised and closed');
});
