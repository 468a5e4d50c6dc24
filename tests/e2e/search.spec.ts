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
