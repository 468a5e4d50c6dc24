import { newId } from '../../electron/ids';
import { openCore, transact } from '../../electron/services';
import { expect, test } from './fixtures';
import { FieldworkPage } from './pages/FieldworkPage';

// A long night: 2,000 war-room entries. The log paints its newest entries while the rest load, keeps
// only the entries in view in the page, and ↑/↓ still select any entry.

const COUNT = 2000;
test.setTimeout(120_000);

test('a war room of 2,000 entries paints the newest first, draws only those in view, and the keys still select', async ({ page, host }) => {
  const { fieldwork, release } = await FieldworkPage.open(page, host.url);
  const base = Date.now() - COUNT * 1000 - 60_000;
  // Written through the real record writer from this process, which SQLite serialises with the host's writes.
  const core = openCore({ dataDir: host.dataDir, actor: 'e2e-auditor' });
  try {
    core.sqlite.transaction(() =>
      transact(core, (records) => {
        for (let i = 0; i < COUNT; i += 1) {
          const at = new Date(base + i * 1000).toISOString();
          records.insert('warroom_entries', { id: newId(), auditId: release.auditId, releaseId: release.id, kind: 'note', at, actor: 'e2e-auditor', body: { text: `Bulk note ${String(i).padStart(4, '0')}` }, correctsId: null, recordedAt: at });
        }
      }),
    )();
  } finally {
    core.close();
  }
  await page.reload();
  await fieldwork.tab('War room').click();
  await expect(fieldwork.log).toContainText('Bulk note 1999');
  await expect(page.getByTestId('warroom-log-loading')).toHaveCount(0);
  const drawn = await fieldwork.entries().count();
  expect(drawn).toBeGreaterThan(3);
  expect(drawn).toBeLessThan(60);
  expect(await page.locator('#main *').count()).toBeLessThan(2500);
  expect((await fieldwork.board(release.id)).entryCount).toBe(COUNT);

  // ↑/↓ select entries; the log scrolls to the one selected, far down too.
  await fieldwork.room.focus();
  await page.keyboard.press('ArrowDown');
  await expect(fieldwork.log.getByRole('button', { pressed: true })).toContainText('Bulk note 1999');
  await page.keyboard.press('ArrowDown');
  await expect(fieldwork.log.getByRole('button', { pressed: true })).toContainText('Bulk note 1998');
  for (let i = 0; i < 60; i += 1) await page.keyboard.press('ArrowDown');
  await expect(fieldwork.log.getByRole('button', { pressed: true })).toContainText('Bulk note 1938');
  await expect(fieldwork.log.getByRole('button', { pressed: true })).toBeInViewport();
  expect(await fieldwork.entries().count()).toBeLessThan(60);
});
