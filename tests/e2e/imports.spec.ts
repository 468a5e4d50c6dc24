import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { writeJenkinsLog } from '../../electron/imports/generate-log';
import { fixture, real, realworldDir } from '../../electron/imports/test-files';
import { expect, test } from './fixtures';
import { FieldworkPage } from './pages/FieldworkPage';

// Machine evidence onto a release, in the real renderer against the real host: files picked or
// dropped (several at once), their kinds shown before anything is written, imported as jobs, their
// facts listed and their source lines opened; a file of the wrong kind is refused in one sentence.

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==', 'base64');
// The real Jenkins log where the shared samples are here; else the Azure DevOps fixture written for the project.
const pipeline = realworldDir
  ? { file: real('jenkins-pipeline-log.txt'), label: 'Jenkins console log' }
  : { file: fixture('azure-devops-timeline.json'), label: 'Azure DevOps build or timeline JSON' };
const gitLog = fixture('git-log-fuller.txt');

async function openImports(page: Page, url: string) {
  const opened = await FieldworkPage.open(page, url, { audit: 'Imports audit' });
  return opened;
}

/** Drops files on an element the way a file manager does: one drop event carrying them all. */
async function dropFiles(page: Page, selector: string, files: Array<{ name: string; bytes: Buffer; type?: string }>) {
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const f of list) data.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    return data;
  }, files.map((f) => ({ name: f.name, base64: f.bytes.toString('base64'), type: f.type ?? '' })));
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

test('two files picked at once show their kinds, import on confirmation, and their facts open their lines', async ({ page, host }) => {
  const { fieldwork, audit, release } = await openImports(page, host.url);
  await fieldwork.tab('Details').waitFor();

  // The empty Imports tab says what can be imported.
  await page.getByRole('tab', { name: 'Imports' }).click();
  const empty = page.getByRole('region', { name: 'No imports yet' });
  await expect(empty).toContainText('Jenkins console log');
  await expect(empty).toContainText('ServiceNow change request CSV export');

  // The Import key (I) opens the file picker from the release.
  await page.getByRole('tab', { name: 'Details' }).click();
  await page.getByRole('heading', { name: release.identifier, level: 2 }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('i');
  await (await chooser).setFiles([pipeline.file, gitLog]);
  await expect(page.getByRole('tab', { name: 'Imports' })).toHaveAttribute('aria-selected', 'true');

  const queued = page.getByTestId('queue-item');
  await expect(queued).toHaveCount(2);
  const first = queued.filter({ hasText: path.basename(pipeline.file) });
  const second = queued.filter({ hasText: 'git-log-fuller.txt' });
  await expect(first.getByRole('combobox')).toHaveValue(/.+/);
  await expect(first.getByRole('combobox').locator('option:checked')).toHaveText(`${pipeline.label} (detected)`);
  await expect(second.getByRole('combobox').locator('option:checked')).toHaveText('git log (detected)');
  await expect(first).toContainText('Detected:');
  // Nothing is written before Confirm.
  expect(await fieldwork.call('imports.list', { auditId: audit.id })).toEqual([]);

  await page.getByRole('button', { name: 'Confirm: import 2 files' }).click();
  await expect(first.getByRole('status')).toContainText(`Imported as ${pipeline.label}`);
  await expect(second.getByRole('status')).toContainText('Imported as git log');

  const table = page.getByRole('table', { name: 'Imported files' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table).toContainText('git-log-fuller.txt');
  await expect(table).toContainText('e2e-auditor');
  const imports = (await fieldwork.call('imports.list', { auditId: audit.id, releaseId: release.id })) as Array<{ id: string; name: string; factCount: number }>;
  expect(imports).toHaveLength(2);
  const total = imports.reduce((sum, i) => sum + i.factCount, 0);
  await expect(page.getByText(`${total} facts`, { exact: true })).toBeVisible();

  // Filtered to commits: each commit in words, and its lines opened from the list.
  await page.getByLabel('Fact kind to show').selectOption('commit');
  const facts = page.getByRole('list', { name: 'Facts' });
  const commit = facts.getByRole('listitem').first();
  await expect(commit).toContainText('Commit ');
  await expect(commit).toContainText('by ');
  const commits = (await fieldwork.call('imports.facts', { releaseId: release.id, kind: 'commit' })) as { total: number; items: Array<{ lineFrom: number; lineTo: number; fact: { hash: string } }> };
  await expect(facts.getByRole('listitem')).toHaveCount(commits.total);
  await expect(commit).toContainText(commits.items[0]!.fact.hash.slice(0, 10));

  const show = commit.getByRole('button', { name: /^Show lines/ });
  await show.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const { lineFrom, lineTo } = commits.items[0]!;
  const fileLines = fs.readFileSync(gitLog, 'utf8').split('\n');
  const proving = dialog.locator('.excerpt-line.proves');
  await expect(proving).toHaveCount(lineTo - lineFrom + 1);
  await expect(proving.first()).toHaveAttribute('data-line', String(lineFrom));
  await expect(proving.first().locator('code')).toHaveText(fileLines[lineFrom - 1]!);
  await expect(dialog.getByRole('heading')).toContainText(`git-log-fuller.txt, lines ${lineFrom}–${lineTo}`);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(show).toBeFocused();
  // The arrow keys move along the facts; only one of them is in the tab order.
  await page.keyboard.press('ArrowDown');
  await expect(facts.getByRole('listitem').nth(1).getByRole('button')).toBeFocused();
  await expect(facts.locator('button[tabindex="0"]')).toHaveCount(1);

  // The same bytes again: nothing changes, and it says so.
  await page.getByRole('button', { name: 'Clear finished' }).click();
  await (async () => {
    const again = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose files…' }).click();
    await (await again).setFiles([gitLog]);
  })();
  await page.getByRole('button', { name: 'Confirm: import' }).click();
  await expect(queued.getByRole('status')).toContainText(/Already imported on .+; nothing changed\./);
  expect(await fieldwork.call('imports.list', { auditId: audit.id, releaseId: release.id })).toHaveLength(2);

  // The imports and facts fit the smallest window the app supports.
  await page.setViewportSize({ width: 1024, height: 700 });
  expect(await fieldwork.noHorizontalScroll()).toBe(true);
});

test('a picture dropped with a log is refused in one sentence and never imported; the log is, as the kind chosen', async ({ page, host }) => {
  const { fieldwork, audit, release } = await openImports(page, host.url);
  await dropFiles(page, '.release-view', [
    { name: 'screenshot.png', bytes: png, type: 'image/png' },
    { name: 'git-log-fuller.txt', bytes: fs.readFileSync(gitLog), type: 'text/plain' },
  ]);
  await expect(page.getByRole('tab', { name: 'Imports' })).toHaveAttribute('aria-selected', 'true');
  const picture = page.getByTestId('queue-item').filter({ hasText: 'screenshot.png' });
  const refusal = picture.getByRole('alert');
  await expect(refusal).toContainText('Cannot be imported:');
  // One sentence: the app's reason, ending in its one full stop.
  const reason = ((await refusal.textContent()) ?? '').replace('Cannot be imported: ', '');
  expect(reason.split(/(?<=[.!?])\s+(?=[A-Z])/)).toHaveLength(1);
  await expect(picture.getByRole('combobox')).toHaveCount(0);

  // The kind can be overridden before confirming: read as a change record JSON, the log is refused
  // and stays to try again; read as a Jenkins log, it is imported with the importer's warning.
  const log = page.getByTestId('queue-item').filter({ hasText: 'git-log-fuller.txt' });
  await expect(log.getByRole('combobox').locator('option:checked')).toHaveText('git log (detected)');
  await log.getByRole('combobox').selectOption({ label: 'ServiceNow change request JSON' });
  await expect(log).toContainText('You chose another kind than the one detected');
  await page.getByRole('button', { name: 'Confirm: import' }).click();
  await expect(log.getByRole('alert')).toContainText('Not imported: This ServiceNow change request JSON is damaged');
  expect(await fieldwork.call('imports.list', { auditId: audit.id })).toEqual([]);
  await log.getByRole('combobox').selectOption({ label: 'Jenkins console log' });
  await page.getByRole('button', { name: 'Confirm: import' }).click();
  await expect(log.getByRole('status')).toContainText('Imported as Jenkins console log');
  const imports = (await fieldwork.call('imports.list', { auditId: audit.id, releaseId: release.id })) as Array<{ name: string; kind: string; warnings: string[] }>;
  expect(imports.map((i) => [i.name, i.kind])).toEqual([['git-log-fuller.txt', 'jenkins']]);
  await expect(page.getByRole('table', { name: 'Imported files' })).toContainText(imports[0]!.warnings[0]!);
  // The picture alone leaves nothing to confirm.
  await page.getByRole('button', { name: 'Clear finished' }).click();
  await dropFiles(page, '.release-view', [{ name: 'photo.png', bytes: png, type: 'image/png' }]);
  await expect(page.getByTestId('queue-item').getByRole('alert')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Confirm: import' })).toBeDisabled();
  expect(await fieldwork.call('imports.list', { auditId: audit.id })).toHaveLength(1);
});

test('a long import shows its progress and, cancelled, leaves nothing imported', async ({ page, host }) => {
  // A 100 MiB upload on a shared machine: the upload gets its time, the import is still cut short.
  test.setTimeout(180_000);
  const { fieldwork, audit } = await openImports(page, host.url);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-e2e-log-'));
  try {
    const log = path.join(dir, 'payments-deploy-1m.log');
    await writeJenkinsLog(log, 1_000_000);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await (await chooser).setFiles(log);
    const item = page.getByTestId('queue-item');
    await expect(item.getByRole('progressbar', { name: 'Uploading payments-deploy-1m.log' })).toBeVisible();
    await expect(item.getByRole('combobox').locator('option:checked')).toHaveText('Jenkins console log (detected)', { timeout: 120_000 });
    await page.getByRole('button', { name: 'Confirm: import' }).click();
    await expect(item.getByRole('progressbar', { name: 'Importing payments-deploy-1m.log' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel import' }).click();
    await expect(item.getByRole('alert')).toContainText('Not imported:');
    await expect(page.getByRole('button', { name: 'Cancel import' })).toHaveCount(0);
    // Still ready for another try, and nothing was written.
    await expect(page.getByRole('button', { name: 'Confirm: import' })).toBeEnabled();
    expect(await fieldwork.call('imports.list', { auditId: audit.id })).toEqual([]);
    await expect(page.getByRole('region', { name: 'No imports yet' })).toBeVisible();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file dropped on an evidence drop zone inside the release is evidence, not an import', async ({ page, host }) => {
  const { fieldwork, audit } = await openImports(page, host.url);
  await fieldwork.tab('Checklist').click();
  const first = page.locator('[data-index="0"]');
  await first.focus();
  await page.keyboard.press('p');
  await expect(first).toContainText('Pass');
  await first.focus();
  await page.keyboard.press('e');
  const zone = page.getByRole('group', { name: /^Evidence for this item: drop files here/ });
  await expect(zone).toBeVisible();
  await dropFiles(page, '.checklist .drop-zone', [{ name: 'git-log-fuller.txt', bytes: fs.readFileSync(gitLog), type: 'text/plain' }]);
  await expect(page.getByText('git-log-fuller.txt').first()).toBeVisible();
  await expect(fieldwork.tab('Checklist')).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Imports' }).click();
  await expect(page.getByRole('region', { name: 'No imports yet' })).toBeVisible();
  await expect(page.getByTestId('queue-item')).toHaveCount(0);
  expect(await fieldwork.call('imports.list', { auditId: audit.id })).toEqual([]);
});
