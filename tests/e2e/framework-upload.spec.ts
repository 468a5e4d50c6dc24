import path from 'node:path';
import { expect, test } from './fixtures';
import { LibraryPage } from './pages/LibraryPage';

// A framework brought in from the page: a catalog chosen with the file picker in the Library's
// framework view is streamed to the app, imported, and shown with its coverage; then a CISO Assistant
// library the same way; a broken file is refused in words.

test('a catalog and a CISO Assistant library uploaded from the framework view show their coverage', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const library = new LibraryPage(page);
  await library.open('Framework view');
  const upload = page.getByRole('region', { name: 'Import a framework' });

  await upload.getByLabel('Framework file').setInputFiles(path.resolve('tests/fixtures/oscal/handwritten-catalog.json'));
  await upload.getByRole('button', { name: 'Import framework' }).click();
  await expect(upload.getByRole('status')).toHaveText('Imported “Acme Release Controls” 2026.1: 5 controls to map to.');
  await expect(page.getByLabel('Framework', { exact: true })).toHaveValue(/^imported:/);
  await expect(page.getByRole('status').filter({ hasText: 'controls of Acme Release Controls covered' })).toHaveText('0 of 5 controls of Acme Release Controls covered, 5 gaps.');
  await expect(page.getByRole('table', { name: 'Acme Release Controls coverage' })).toContainText('Every production change is approved by the [approving body] before it is deployed.');

  await upload.getByLabel('Framework file').setInputFiles(path.resolve('tests/fixtures/ciso/release-controls-library.yaml'));
  await upload.getByRole('button', { name: 'Import framework' }).click();
  await expect(upload.getByRole('status')).toHaveText('Imported “Acme release controls” 4: 3 controls to map to.');
  await expect(page.getByRole('status').filter({ hasText: 'controls of Acme release controls covered' })).toHaveText('0 of 3 controls of Acme release controls covered, 3 gaps.');
  await expect(page.getByRole('table', { name: 'Acme release controls coverage' })).toContainText('Approved request for change');

  await upload.getByLabel('Framework file').setInputFiles({ name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from('urn: urn:x\nname: X\nobjects: {}\n') });
  await upload.getByRole('button', { name: 'Import framework' }).click();
  await expect(upload.getByRole('alert')).toHaveText('broken.yaml is not a CISO Assistant library this app can import: objects.framework is required.');
});
