import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { fixture } from '../../electron/imports/test-files';
import { expect, test } from './fixtures';
import { FieldworkPage } from './pages/FieldworkPage';

// The "done when" of the machine-evidence issue, for what is dropped on a release: an SBOM, a JUnit
// report and the staging/production Helm values dropped together, in the real renderer against the
// real host; the SBOM and the report go to the import queue, the values pair is compared at once
// (staging as A, whatever the drop order), and nothing is typed. A lone configuration file gets a
// one-line notice saying to drop the pair.

const configFixtures = path.resolve('electron/config-compare/fixtures');

/** Drops files on an element the way a file manager does: one drop event carrying them all. */
async function dropFiles(page: Page, selector: string, files: string[]) {
  const transfer = await page.evaluateHandle(
    (list) => {
      const data = new DataTransfer();
      for (const f of list) data.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name));
      return data;
    },
    files.map((file) => ({ name: path.basename(file), base64: fs.readFileSync(file).toString('base64') })),
  );
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

test('an SBOM, a JUnit report and two environments’ values dropped at once show components, the failed test and the differences', async ({ page, host }) => {
  const { fieldwork } = await FieldworkPage.open(page, host.url, { audit: 'Dropped evidence audit' });
  await fieldwork.tab('Details').waitFor();

  await dropFiles(page, '.release-view', [
    fixture('cyclonedx-1.6.json'),
    path.join(configFixtures, 'values-production.yaml'),
    fixture('junit-release-checks.xml'),
    path.join(configFixtures, 'values-staging.yaml'),
  ]);

  // The pair is compared with staging as A, said in the release's status line.
  const notice = page.getByTestId('config-drop-notice').getByRole('status');
  await expect(notice).toContainText('Compared values-staging.yaml (staging) as A and values-production.yaml (production) as B');
  await expect(notice).toContainText('finding(s) drafted');
  // The other two files wait in the import queue; the configuration files are not in it.
  await expect(page.getByRole('tab', { name: 'Imports' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('queue-item')).toHaveCount(2);
  await expect(page.getByTestId('queue-item').filter({ hasText: 'values-' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Confirm: import 2 files' }).click();
  await expect(page.getByTestId('queue-item').getByRole('status')).toHaveText([/Imported as JUnit XML test report/, /Imported as CycloneDX/]);

  await page.getByRole('tab', { name: 'Components' }).click();
  const rows = page.getByTestId('component-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: 'PyQt5' }).getByTestId('licence-verdict')).toHaveText('denied');

  await page.getByRole('tab', { name: 'Tests & scans' }).click();
  await expect(page.getByTestId('failing-tests')).toContainText('refundSettlesWithinOneDay');

  // The notice leads to the comparison, with the keyboard.
  await page.getByRole('button', { name: 'Open Parity & drift' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Parity & drift' })).toHaveAttribute('aria-selected', 'true');
  const table = page.getByRole('table', { name: 'Configuration differences' });
  await expect(table.getByRole('columnheader')).toHaveText(['Path', 'values-staging.yaml', 'values-production.yaml', 'Impact']);
  await expect(page.getByTestId('config-difference').filter({ hasText: 'ingress.tls.enabled' })).toContainText('security');
  await expect(page.getByTestId('config-difference').filter({ hasText: 'image.tag' })).toBeVisible();
  await expect(table).not.toContainText('password-1');
});

test('a lone configuration file, or two that do not pair, dropped on a release say to drop the pair', async ({ page, host }) => {
  const { fieldwork } = await FieldworkPage.open(page, host.url, { audit: 'Lone config audit' });
  await fieldwork.tab('Details').waitFor();
  await dropFiles(page, '.release-view', [path.join(configFixtures, 'staging.env')]);
  const notice = page.getByTestId('config-drop-notice').getByRole('status');
  await expect(notice).toHaveText('staging.env is a configuration file on its own: to compare two environments, drop their two configuration files together, or use the Parity & drift tab.');
  await expect(page.getByRole('tab', { name: 'Details' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Imports' }).click();
  await expect(page.getByTestId('queue-item')).toHaveCount(0);
  await page.getByRole('button', { name: 'Dismiss the configuration notice' }).click();
  await expect(notice).toHaveText('');

  // Two of different kinds do not pair; a JSON file that pairs with nothing goes to the queue, which says why it is refused.
  await dropFiles(page, '.release-view', [path.join(configFixtures, 'staging.env'), path.join(configFixtures, 'values-production.yaml')]);
  await expect(notice).toContainText('staging.env and values-production.yaml are not the same kind of configuration file (env and yaml)');
  const settings = path.join(test.info().outputDir, 'settings.json');
  fs.mkdirSync(path.dirname(settings), { recursive: true });
  fs.writeFileSync(settings, '{ "featureFlags": { "newCheckout": true } }\n');
  await dropFiles(page, '.release-view', [settings]);
  await expect(notice).toHaveText(/^settings\.json is a configuration file on its own/);
  await expect(page.getByTestId('queue-item').filter({ hasText: 'settings.json' }).getByRole('alert')).toContainText('Cannot be imported:');
  await expect(page.getByTestId('queue-item')).toHaveCount(1);
});
