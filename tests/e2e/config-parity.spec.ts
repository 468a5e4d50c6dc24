import path from 'node:path';
import { expect, test } from './fixtures';
import { FieldworkPage } from './pages/FieldworkPage';

// The release's Parity & drift tab in the real renderer against the real host: two environments'
// Helm values compared and kept, differences side by side with impact badges, ignored ones greyed,
// the filter to what matters, and the audit's ignore list edited; the real Kubernetes pair shows no drift.

const fixtures = path.resolve('electron/config-compare/fixtures');

test('two Helm values files compared side by side, filtered to what matters, with the ignore list edited', async ({ page, host }) => {
  const { fieldwork } = await FieldworkPage.open(page, host.url, { audit: 'Parity audit' });
  await fieldwork.tab('Details').waitFor();
  await page.getByRole('tab', { name: 'Parity & drift' }).click();
  await expect(page.getByRole('region', { name: 'No comparison yet' })).toBeVisible();

  await page.getByLabel('File A (e.g. staging)').setInputFiles(path.join(fixtures, 'values-staging.yaml'));
  await page.getByLabel('File B (e.g. production)').setInputFiles(path.join(fixtures, 'values-production.yaml'));
  await page.getByRole('button', { name: 'Compare and keep as evidence' }).click();

  const table = page.getByRole('table', { name: 'Configuration differences' });
  await expect(table.getByRole('columnheader', { name: 'values-staging.yaml' })).toBeVisible();
  const tls = page.getByTestId('config-difference').filter({ hasText: 'ingress.tls.enabled' });
  await expect(tls).toContainText('security');
  await expect(tls).toContainText('line 11');
  const replicas = page.getByTestId('config-difference').filter({ hasText: 'replicaCount' });
  await expect(replicas).toHaveClass(/ignored/);
  await expect(page.getByRole('table', { name: 'Configuration differences' })).not.toContainText('password-1');

  await page.getByLabel('Only differences that matter').check();
  await expect(replicas).toHaveCount(0);
  await expect(page.getByTestId('config-difference').filter({ hasText: 'config.logLevel' })).toHaveCount(0);
  await expect(tls).toBeVisible();

  // The ignore list is edited with the keyboard and saved for the audit.
  const list = page.getByLabel('Ignore list (one pattern a line)');
  await list.focus();
  await page.keyboard.press('End');
  await list.press('Control+End');
  await page.keyboard.type('\nconfig.logLevel');
  await page.getByRole('button', { name: 'Save ignore list' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Saved:' })).toContainText('8 pattern(s)');
});

test('the real Kubernetes desired and live pair shows no drift', async ({ page, host }) => {
  const { fieldwork } = await FieldworkPage.open(page, host.url, { audit: 'Drift audit' });
  await fieldwork.tab('Details').waitFor();
  await page.getByRole('tab', { name: 'Parity & drift' }).click();
  await page.getByLabel('Desired against live state (drift)').check();
  await expect(page.getByRole('region', { name: 'No drift check yet' })).toBeVisible();
  await page.getByLabel('Desired state (manifests, Helm output, Terraform plan JSON)').setInputFiles('/work/shared/realworld/k8s-deploy-desired.yaml');
  await page.getByLabel('Live state after the window').setInputFiles('/work/shared/realworld/k8s-deploy-live.yaml');
  await page.getByRole('button', { name: 'Compare and keep as evidence' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'from the desired state' })).toContainText('0 difference(s) from the desired state, 0 not explained');
});
