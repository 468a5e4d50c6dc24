import fs from 'node:fs';
import path from 'node:path';
import { apiCall } from './api-call';
import { expect, test } from './fixtures';
import { LibraryPage } from './pages/LibraryPage';

// A framework imported from an OSCAL catalog in the Library's framework view: its controls and gaps on
// a template, and a library control mapped to one of them from the page.

test('an imported OSCAL catalog shows its coverage, and a control mapped from the page covers it', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const text = fs.readFileSync(path.resolve('tests/fixtures/oscal/handwritten-catalog.json'), 'utf8');
  await apiCall(page, host.origin, 'frameworks.import', { text, name: 'acme.json' });

  const library = new LibraryPage(page);
  await library.open('Framework view');
  await page.getByLabel('Framework', { exact: true }).selectOption({ label: 'Acme Release Controls 2026.1 (imported)' });
  const table = page.getByRole('table', { name: 'Acme Release Controls coverage' });
  await expect(page.getByRole('status').filter({ hasText: 'controls of Acme Release Controls covered' })).toHaveText('0 of 5 controls of Acme Release Controls covered, 5 gaps.');
  await expect(table).toContainText('Every production change is approved by the [approving body] before it is deployed.');

  await page.getByLabel('Control to map to cm-2').selectOption('RA-RFC-01');
  await table.getByRole('row', { name: /cm-2/ }).getByRole('button', { name: 'Map', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'controls of Acme Release Controls covered' })).toHaveText('1 of 5 controls of Acme Release Controls covered, 4 gaps.');
  await table.getByRole('button', { name: 'Unmap RA-RFC-01 from cm-2' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'controls of Acme Release Controls covered' })).toHaveText('0 of 5 controls of Acme Release Controls covered, 5 gaps.');
});
