import path from 'node:path';
import { expect, test } from './fixtures';
import { AppFrame } from './pages/AppFrame';

// Who may read a report and who did, from the keyboard: the external edition is refused until a
// compliance reviewer approves it, the retention policy is chosen, a sending is recorded, and the
// archive says who received which edition. At 1024×700, in light and dark (screenshots kept for a look).

test('approve the external edition, choose retention, record who received it', async ({ page, host }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  expect((await page.request.post(`${host.origin}/api/audits.create`, { data: { name: 'Distribution audit' } })).ok()).toBe(true);
  await page.keyboard.press('Alt+7');
  await page.getByRole('button', { name: 'Distribution audit' }).click();

  // The external edition is refused, in words, until someone approves it.
  const approval = page.getByRole('region', { name: 'Approval for external distribution' });
  await expect(approval).toContainText('No one has approved the external edition');
  await page.getByRole('radio', { name: /^External/ }).check();
  await page.getByRole('checkbox', { name: 'Sign with my certificate' }).uncheck();
  await page.getByRole('button', { name: 'Issue report' }).click();
  await expect(page.getByText(/cannot be issued until a named compliance or legal reviewer has approved it/).first()).toBeVisible();

  // Choose the retention policy: saved as soon as it is chosen.
  const retention = page.getByRole('region', { name: 'Retention' });
  await retention.getByLabel("Keep this audit's reports under").selectOption('0190a000-0000-7000-8000-000000000103');
  await expect(retention.getByRole('status')).toContainText('Saved: reports issued from now on are kept 6 years (HIPAA)');

  // Approve from the keyboard: type, Tab, choose, Enter.
  await approval.getByLabel('Reviewer', { exact: true }).fill('Cleo Compliance');
  await approval.getByLabel('Comment (printed in the report)').fill('Fit for the regulator');
  await approval.getByLabel('Comment (printed in the report)').press('Enter');
  await expect(approval.getByRole('status').first()).toContainText('Approved by Cleo Compliance (Compliance)');

  await page.getByRole('button', { name: 'Issue report' }).click();
  const archive = page.getByRole('region', { name: 'Issued reports' });
  // Building takes seconds on a busy 2-core laptop.
  await expect(archive).toContainText('Full, external', { timeout: 30_000 });
  const distribution = page.getByRole('region', { name: 'Who received which edition' });
  await expect(distribution).toContainText('approved by Cleo Compliance (Compliance)');
  await expect(distribution).toContainText('(HIPAA, 6 years)');
  await expect(distribution).toContainText('Not recorded as sent to anyone.');

  await distribution.getByLabel('Recipient', { exact: true }).fill('Erin External');
  await distribution.getByLabel("Recipient's role").fill('Partner');
  await distribution.getByLabel('Organisation').fill('KPMG');
  await distribution.getByLabel('Organisation').press('Enter');
  await expect(distribution.getByRole('list', { name: /^Recipients of / })).toContainText('Sent to Erin External (Partner, KPMG) on');

  // A mistaken entry is withdrawn by a later one: the list no longer names them.
  await distribution.getByLabel('Recipient', { exact: true }).fill('Frank Mistake');
  await distribution.getByLabel('Recipient', { exact: true }).press('Enter');
  const recipients = distribution.getByRole('list', { name: /^Recipients of / });
  await expect(recipients).toContainText('Frank Mistake');
  await recipients.getByRole('button', { name: /was not sent to Frank Mistake$/ }).click();
  await expect(recipients).not.toContainText('Frank Mistake');
  await expect(recipients).toContainText('Erin External');

  const frame = new AppFrame(page);
  for (const theme of ['light', 'dark']) {
    await frame.theme.selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await approval.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(testInfo.outputDir, `reports-approval-${theme}.png`) });
    await distribution.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(testInfo.outputDir, `reports-distribution-${theme}.png`) });
  }
});
