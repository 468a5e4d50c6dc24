import { expect, test } from './fixtures';
import { importFixture } from './import-fixture';
import { FieldworkPage } from './pages/FieldworkPage';

// An SBOM imported on a release lists its components on the Components tab with licence verdicts;
// the verdict filter narrows them, and the licence policy changes them.

test('an SBOM imported on a release shows its components with licence verdicts, filtered and judged by the policy', async ({ page, host }) => {
  const { fieldwork, audit, release } = await FieldworkPage.open(page, host.url);
  await page.getByRole('tab', { name: 'Components' }).click();
  await expect(page.getByRole('region', { name: 'No SBOM on this release yet' })).toContainText('Drop a CycloneDX or SPDX SBOM');

  await importFixture(page, host.origin, fieldwork, 'cyclonedx-1.6.json', { auditId: audit.id, releaseId: release.id });

  await page.reload();
  await page.getByRole('heading', { name: release.identifier, level: 2 }).waitFor();
  await page.getByRole('tab', { name: 'Components' }).click();
  const rows = page.getByTestId('component-row');
  await expect(rows).toHaveCount(4);
  const pyqt = rows.filter({ hasText: 'PyQt5' });
  await expect(pyqt).toContainText('pkg:pypi/pyqt5@5.15.9');
  await expect(pyqt.getByTestId('licence-verdict')).toHaveText('denied');
  await expect(rows.filter({ hasText: 'requests' }).getByTestId('licence-verdict')).toHaveText('allowed');
  await expect(rows.filter({ hasText: 'requests' })).toContainText('none known');

  // A VEX file naming a vulnerability of requests: its row tells the count and the worst severity.
  await importFixture(page, host.origin, fieldwork, 'cyclonedx-vex-requests.json', { auditId: audit.id, releaseId: release.id });
  await page.reload();
  await page.getByRole('heading', { name: release.identifier, level: 2 }).waitFor();
  await page.getByRole('tab', { name: 'Components' }).click();
  await expect(rows.filter({ hasText: 'requests' }).getByLabel('1 vulnerability, worst medium, 1 undecided')).toHaveText('1 · medium');
  await expect(rows.filter({ hasText: 'PyQt5' })).toContainText('none known');

  await page.getByLabel('Licence verdict').selectOption('missing');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('AES-256-GCM');
  await page.getByLabel('Licence verdict').selectOption('');

  // Allowing GPL-3.0-only in the audit's policy turns PyQt5 allowed.
  await page.getByRole('button', { name: 'Licence policy…' }).click();
  const policy = page.getByTestId('licence-policy');
  const denied = policy.getByLabel('Denied licences');
  await denied.fill((await denied.inputValue()).split('\n').filter((l) => l !== 'GPL-3.0-only').join('\n'));
  const allowed = policy.getByLabel('Allowed licences');
  await allowed.fill(`${await allowed.inputValue()}\nGPL-3.0-only`);
  await policy.getByRole('button', { name: 'Save the policy' }).click();
  await expect(policy.getByRole('status')).toContainText('The licence policy was saved');
  await expect(rows.filter({ hasText: 'PyQt5' }).getByTestId('licence-verdict')).toHaveText('allowed');
});
