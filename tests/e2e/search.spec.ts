import { expect, test } from './fixtures';

// Ctrl+K from any screen: type, move with the arrows, Enter opens the record; Escape closes.

test('Ctrl+K searches every audit, and Enter opens the finding found on the Findings screen', async ({ page, host }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const post = async (method: string, data: unknown) => ((await (await page.request.post(`${host.origin}/api/${method}`, { data })).json()) as { value: { id: string } }).value;
  const audit = await post('audits.create', { name: 'Payments Q4' });
  await post('findings.create', { auditId: audit.id, title: 'Emergency change approved after the deployment', severity: 'major' });
  await post('findings.create', { auditId: audit.id, title: 'Backout plan never rehearsed', severity: 'minor', cause: 'The emergency window was too short' });

  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Search' });
  await expect(dialog).toBeVisible();
  const input = dialog.getByRole('combobox', { name: 'Search for' });
  await expect(input).toBeFocused();
  await expect(dialog.getByRole('status')).toContainText('Type words to search for');

  await input.fill('zzzqqq');
  await expect(dialog.getByRole('status')).toHaveText('Nothing matches zzzqqq.');
  await input.fill('*(');
  await expect(dialog.getByRole('status')).toContainText('There is nothing to search for');

  await input.fill('emergen');
  const results = dialog.getByRole('listbox', { name: 'Results' });
  await expect(results.getByRole('option')).toHaveCount(2);
  // The title match ranks first; the other finding matches in its cause, marked in the snippet.
  await expect(results.getByRole('option').first()).toContainText('Emergency change approved after the deployment');
  await expect(results.getByRole('option').nth(1).locator('mark')).toHaveText('emergency');
  await expect(results.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(results.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Findings', level: 1 })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Cause', exact: true })).toHaveValue('The emergency window was too short');

  // Escape closes it again, from any screen.
  await page.keyboard.press('Control+k');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('a log line found opens the lines of its imported file around it, the found one marked', async ({ page, host }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const post = async <T = { id: string }>(method: string, data: unknown) => ((await (await page.request.post(`${host.origin}/api/${method}`, { data })).json()) as { value: T }).value;
  const audit = await post('audits.create', { name: 'Payments Q4' });
  const release = await post('releases.create', { auditId: audit.id, identifier: 'PAY-4.18.2' });
  const log = [
    '[2026-11-30T22:00:01.114Z] Started by user Priya Raman',
    '[2026-11-30T22:00:02.002Z] [Pipeline] stage',
    '[2026-11-30T22:00:02.010Z] [Pipeline] { (Deploy)',
    '[2026-11-30T22:04:40.377Z] + kubectl rollout status deployment/payments-api -n payments',
    '[2026-11-30T22:09:41.002Z] ERROR: deployment "payments-api" exceeded its progress deadline',
    '[2026-11-30T22:09:41.120Z] [Pipeline] }',
    '[2026-11-30T22:09:41.500Z] Finished: FAILURE',
    '',
  ].join('\n');
  const uploaded = (await (await page.request.post(`${host.origin}/upload/import?name=deploy-payments.log`, { data: Buffer.from(log) })).json()) as { value: { uploadId: string } };
  const { jobId } = await post<{ jobId: string }>('imports.start', { uploadId: uploaded.value.uploadId, auditId: audit.id, releaseId: release.id });
  await expect.poll(async () => (await post<{ state: string }>('jobs.progress', { jobId })).state).toBe('done');

  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Search' });
  const input = dialog.getByRole('combobox', { name: 'Search for' });
  // The lines are indexed just after the import: the search finds the line once they are.
  await expect(async () => {
    await input.fill('');
    await input.fill('progress deadline');
    await expect(dialog.getByRole('listbox', { name: 'Results' }).getByRole('option').first()).toContainText('exceeded its progress deadline', { timeout: 1000 });
  }).toPass();
  await page.keyboard.press('Enter');
  // The dialog is now named by the line it shows: three lines of context above it, the file's end below.
  const shown = page.getByRole('dialog', { name: 'deploy-payments.log, line 5' });
  const lines = shown.getByRole('list', { name: 'Lines 2–7 of 7' });
  await expect(lines).toBeVisible();
  await expect(lines.locator('li.proves')).toContainText('exceeded its progress deadline');
  await expect(lines.locator('li.proves')).toHaveAttribute('data-line', '5');
  await shown.getByRole('button', { name: 'Back to the results' }).click();
  await expect(dialog.getByRole('listbox', { name: 'Results' })).toBeVisible();
});

test('a piece of evidence found opens the Evidence screen on it', async ({ page, host }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const post = async <T = { id: string }>(method: string, data: unknown) => ((await (await page.request.post(`${host.origin}/api/${method}`, { data })).json()) as { value: T }).value;
  const audit = await post('audits.create', { name: 'Payments Q4' });
  // Enough pieces that the one found is not in the first screenful.
  for (let i = 0; i < 12; i += 1) await post('evidence.addText', { auditId: audit.id, kind: 'log-excerpt', text: `health check ${i} passed`, sourceSystem: 'Grafana' });
  const found = await post('evidence.addText', { auditId: audit.id, kind: 'api-response', text: '{"change":"CHG0040007","state":"implement","approval":"requested"}', sourceSystem: 'ServiceNow' });
  for (let i = 12; i < 24; i += 1) await post('evidence.addText', { auditId: audit.id, kind: 'log-excerpt', text: `health check ${i} passed`, sourceSystem: 'Grafana' });

  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Search' });
  const input = dialog.getByRole('combobox', { name: 'Search for' });
  await expect(async () => {
    await input.fill('');
    await input.fill('CHG0040007');
    await expect(dialog.getByRole('listbox', { name: 'Results' }).getByRole('option').first()).toBeVisible({ timeout: 1000 });
  }).toPass();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();
  await expect(page.locator(`#evidence-${found.id}`)).toBeFocused();
});
