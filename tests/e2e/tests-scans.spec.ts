import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { FieldworkPage } from './pages/FieldworkPage';

// The release's Tests & scans tab, in the real renderer against the real host: empty at first; then
// a JUnit report and a SARIF log imported on the Imports tab show totals per kind, the failing tests
// with their messages, scans by tool and level and a suppression without justification; a QA
// sign-off is recorded; the typed versions that disagree are highlighted on the Versions tab; a bad
// pattern is refused.

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/imports');

test('tests, scans, sign-off and settings on the Tests & scans tab, and versions on their own tab', async ({ page, host }) => {
  const { fieldwork, release } = await FieldworkPage.open(page, host.url, {
    audit: 'Tests and scans audit',
    release: { windowStart: '2026-03-14T22:00:00.000Z', windowEnd: '2026-03-15T01:00:00.000Z', sourceTag: 'v4.2.0', manifestVersion: 'payments-4.2.1' },
  });
  await page.getByRole('tab', { name: 'Tests & scans' }).click();
  await expect(page.getByRole('region', { name: 'No test reports' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'No scans' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Test and scan settings' })).toContainText('shipped defaults');
  // The typed versions disagree: 4.2.0 from the tag, 4.2.1 from the manifest.
  await page.getByRole('tab', { name: 'Versions' }).click();
  const versions = page.getByRole('region', { name: 'Versions' });
  await expect(versions.getByTestId('versions-disagree')).toContainText('deployment manifest (typed) payments-4.2.1 says 4.2.1');
  await expect(versions.locator('tr.highlight')).toHaveCount(1);

  await page.getByRole('tab', { name: 'Imports' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await (await chooser).setFiles([path.join(fixtures, 'junit-release-checks.xml'), path.join(fixtures, 'sarif-threshold.sarif')]);
  await page.getByRole('button', { name: 'Confirm: import 2 files' }).click();
  await expect(page.getByTestId('queue-item').getByRole('status')).toHaveText([/Imported as JUnit XML test report/, /Imported as SARIF 2.1.0 scan results/]);

  await page.getByRole('tab', { name: 'Tests & scans' }).click();
  const tests = page.getByRole('region', { name: 'Tests' });
  const kinds = tests.getByRole('table', { name: 'Tests per kind' });
  await expect(kinds.getByRole('row', { name: /^integration 1 4 1 1 1$/ })).toBeVisible();
  const failing = page.getByTestId('failing-tests');
  await expect(failing).toContainText('refundSettlesWithinOneDay');
  await expect(failing).toContainText('expected status 200 but was 500');
  await expect(failing).toContainText('Connection refused: ledger-db:5432');
  const scans = page.getByRole('region', { name: 'Scans' });
  await expect(scans.getByRole('table', { name: 'Scans by tool and level' })).toContainText('Semgrep OSS');
  await expect(scans.getByRole('table', { name: 'Suppressed results' }).locator('tr.highlight')).toContainText('no justification');

  await expect(tests.getByTestId('sign-off-state')).toHaveText('Not signed off.');
  await tests.getByLabel('Signed by').fill('Priya Raman');
  await tests.getByLabel('Role').fill('QA lead');
  await tests.getByLabel('Decision').selectOption('accepted-with-exceptions');
  await tests.getByLabel('Note').fill('PAY-402: refunds retried by hand');
  await tests.getByRole('button', { name: 'Record sign-off' }).click();
  await expect(tests.getByTestId('sign-off-state')).toContainText('Signed off as accepted with exceptions by Priya Raman (QA lead)');
  const signOffs = await fieldwork.call('testing.signOffs', { auditId: release.auditId });
  expect(signOffs).toHaveLength(1);

  const settings = page.getByRole('region', { name: 'Test and scan settings' });
  await settings.getByLabel('Test-kind mapping').fill('integration suite regex *IT');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('alert')).toContainText('"*IT" is not a valid regular expression');
  await settings.getByLabel('Test-kind mapping').fill('regression file glob tests/test_*.py');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('status')).toContainText('Saved.');
  await expect(kinds.getByRole('row', { name: /^other 3 8 2 1 1$/ })).toBeVisible();
  await expect(failing).toContainText('regression');
});
