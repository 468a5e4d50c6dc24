import { expect, test } from './fixtures';
import { importFixture } from './import-fixture';
import { FieldworkPage } from './pages/FieldworkPage';

// Imported files fill the release: an Argo AnalysisRun's failed metric shows in the war room as an
// imported halt check (its lines open below it), a ServiceNow change fills a ticket marked imported.

test('imported files fill the war room and the tickets, each marked with its file and its lines', async ({ page, host }) => {
  const { fieldwork, audit, release } = await FieldworkPage.open(page, host.url);
  for (const name of ['argo-analysisrun-failed.yaml', 'servicenow-change-display.json']) await importFixture(page, host.origin, fieldwork, name, { auditId: audit.id, releaseId: release.id });
  await page.reload();
  await page.getByRole('heading', { name: release.identifier, level: 2 }).waitFor();
  await expect(page.getByTestId('imported-ticket').first()).toContainText('imported from servicenow-change-display.json');
  await expect(page.getByLabel('Ticket 1 reference')).toHaveValue(/CHG00402/);

  await fieldwork.tab('War room').click();
  const imported = page.getByRole('region', { name: 'From imported files' });
  await expect(imported.getByRole('alert')).toContainText('success-rate of payments-api-6d9f8b7c5-7-1: Failed, last value [0.8533]');
  await imported.getByRole('button', { name: 'Open lines 49–62 of argo-analysisrun-failed.yaml (success-rate)' }).first().click();
  await expect(imported.getByLabel('Lines 49–62 of argo-analysisrun-failed.yaml', { exact: true }).first()).toContainText('success-rate');
  // Imported facts are not entries of the log: nothing to select or correct.
  await expect(fieldwork.entries()).toHaveCount(0);
});
