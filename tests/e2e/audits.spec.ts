import path from 'node:path';
import Database from 'better-sqlite3';
import { AppFrame } from './pages/AppFrame';
import { AuditsPage } from './pages/AuditsPage';
import { expect, test } from './fixtures';

test('an audit created in the browser survives a reload and a restart of the host', async ({ page, host }) => {
  const audits = new AuditsPage(page);
  await audits.open(host.url);
  await expect(audits.emptyState).toBeVisible();

  await audits.createAudit('Q4 2026 production releases', 'Payments and ledger services');
  await expect(page.getByRole('status').filter({ hasText: 'Audit "Q4 2026 production releases" created.' })).toBeVisible();
  await expect(audits.row('Q4 2026 production releases')).toContainText('Planning');
  await expect(audits.row('Q4 2026 production releases')).toContainText('e2e-auditor');

  await page.reload();
  await expect(audits.row('Q4 2026 production releases')).toBeVisible();
  await expect(audits.emptyState).toHaveCount(0);

  await host.restart();
  await audits.open(host.url);
  await expect(audits.row('Q4 2026 production releases')).toBeVisible();
  await expect(audits.row('Q4 2026 production releases')).toContainText('Payments and ledger services');
});

test('a request without the token is refused', async ({ page, host }) => {
  const response = await page.goto(host.origin + '/');
  expect(response?.status()).toBe(401);
  await expect(page.getByRole('heading', { name: 'Access token needed' })).toBeVisible();
  const api = await page.request.post(`${host.origin}/api/audits.list`, { data: {} });
  expect(api.status()).toBe(401);
  const wrong = await page.request.get(`${host.origin}/?token=not-the-token`, { maxRedirects: 0 });
  expect(wrong.status()).toBe(401);
});

test('the new-audit form explains a missing name and works from the keyboard alone', async ({ page, host }) => {
  const audits = new AuditsPage(page);
  await audits.open(host.url);
  await page.keyboard.press('Control+n');
  await expect(audits.nameInput).toBeFocused();
  await audits.nameInput.press('Enter');
  await expect(audits.formError).toHaveText(/Give the audit a name/);
  await expect(audits.nameInput).toHaveAttribute('aria-invalid', 'true');
  await audits.nameInput.press('Escape');
  await expect(audits.form).toHaveCount(0);
  await expect(audits.emptyState).toBeVisible();
  await expect(audits.newAuditButton).toBeFocused();

  // Ctrl+N works from any area (in the desktop app; a browser may keep it), and so does plain N outside a field.
  await page.keyboard.press('Alt+3');
  await page.keyboard.press('Control+n');
  await expect(audits.nameInput).toBeFocused();
  await audits.nameInput.press('Escape');
  await page.keyboard.press('Alt+3');
  await page.keyboard.press('n');
  await expect(audits.nameInput).toBeFocused();
  await audits.nameInput.press('Escape');
  await page.keyboard.press('Alt+3');
  await page.getByRole('searchbox').or(page.getByRole('textbox')).first().focus();
  await page.keyboard.press('n');
  await expect(audits.form).toHaveCount(0);
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('n');
  await audits.nameInput.fill('Emergency releases November');
  await audits.nameInput.press('Enter');
  await expect(audits.row('Emergency releases November')).toBeVisible();
});

test('every area is reachable by Alt+number and says what it will hold', async ({ page, host }) => {
  const audits = new AuditsPage(page);
  const frame = new AppFrame(page);
  await audits.open(host.url);
  await page.keyboard.press('Alt+5');
  await expect(page.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();
  await expect(frame.area('Evidence')).toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveURL(/#\/evidence$/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();
  await page.keyboard.press('Alt+1');
  await expect(audits.heading).toBeVisible();
});

test('light and dark themes, kept across reloads', async ({ page, host }) => {
  const audits = new AuditsPage(page);
  const frame = new AppFrame(page);
  await audits.open(host.url);
  await frame.theme.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await frame.theme.selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(darkBackground).not.toBe(lightBackground);
});

test('the status bar verifies integrity on demand', async ({ page, host }) => {
  const audits = new AuditsPage(page);
  const frame = new AppFrame(page);
  await audits.open(host.url);
  await audits.createAudit('Integrity check');
  await frame.verifyButton.click();
  // The shipped template and rule pack, and the new audit.
  await expect(frame.status).toContainText('Integrity verified: 6 ledger entries, 0 vault objects.');
  await expect(frame.status).toContainText(host.dataDir);

  // Someone edits the database behind the app's back: the check names the record and field.
  const raw = new Database(path.join(host.dataDir, 'release-audit.db'));
  raw.prepare("UPDATE audits SET name = 'Quietly renamed'").run();
  raw.close();
  await frame.verifyButton.click();
  await expect(frame.status).toContainText('Integrity check found 1 problem.');
  const problems = page.getByRole('region', { name: 'Integrity problems' });
  await expect(problems).toContainText('field name: holds "Quietly renamed" but the ledger says "Integrity check"');
});
