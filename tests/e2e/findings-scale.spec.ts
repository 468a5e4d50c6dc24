import { severities } from '../../shared/enums';
import { openCore, transact } from '../../electron/services';
import { newId, utcNow } from '../../electron/ids';
import { expect, test } from './fixtures';

// Ten thousand findings: the list paints its first rows while the rest load, keeps only the rows in
// view in the page, and the keyboard still reaches every one. (How fast is the bench's business.)

const COUNT = 10_000;
// Writing ten thousand findings and loading them all takes most of a minute on a busy machine.
test.setTimeout(180_000);

test('an audit with 10,000 findings paints its first rows, draws only those in view, and the keys reach the last', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const response = await page.request.post(`${host.origin}/api/audits.create`, { data: { name: 'Big audit' } });
  const audit = (await response.json()).value as { id: string };
  // Written through the real record writer (rows, ledger entries, field clocks) from this process,
  // which SQLite serialises with the host's own writes.
  const core = openCore({ dataDir: host.dataDir, actor: 'e2e-auditor' });
  try {
    core.sqlite.transaction(() =>
      transact(core, (records) => {
        for (let i = 0; i < COUNT; i += 1) {
          const now = utcNow();
          records.insert('findings', {
            id: newId(), auditId: audit.id, title: `Bulk finding ${String(i).padStart(5, '0')}`, severity: severities[i % severities.length], status: 'draft',
            controlId: null, stage: null, criteria: 'c'.repeat(400), condition: 'c'.repeat(400), cause: 'c'.repeat(400), effect: 'e'.repeat(400), recommendation: 'r'.repeat(400),
            ownerRole: '', ownerName: '', dueAt: null, confidential: false, acceptedBy: '', acceptedReason: '', releaseId: null, sourceResultId: null, createdAt: now, updatedAt: now,
          });
        }
      }),
    )();
  } finally {
    core.close();
  }

  await page.keyboard.press('Alt+4');
  await page.getByRole('button', { name: 'Big audit' }).click();
  await page.keyboard.press('Alt+6');
  const list = page.getByRole('complementary', { name: 'Findings list' });
  // Headings count every finding of their severity even before all pages are in.
  await expect(list.getByRole('heading', { name: 'critical (2500)' })).toBeVisible();
  // The newest critical finding comes first (9996 is the last critical one written), and it is shown.
  const first = list.getByRole('button', { name: /Bulk finding 09996/ });
  await expect(first).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Cause', exact: true })).toHaveValue('c'.repeat(400));
  await expect(page.getByTestId('findings-loading')).toHaveCount(0);
  // Only the rows in view (and a few around them) are in the page, not ten thousand.
  const drawn = await list.locator('button[data-finding-id]').count();
  expect(drawn).toBeGreaterThan(5);
  expect(drawn).toBeLessThan(80);
  expect(await page.locator('#main *').count()).toBeLessThan(2500);

  // Keyboard: one row is in the tab order; Down moves the choice and the editor follows; End reaches the last.
  await first.focus();
  await page.keyboard.press('ArrowDown');
  const second = list.getByRole('button', { name: /Bulk finding 09992/ });
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('heading', { level: 2, name: /Bulk finding 09992/ })).toBeVisible();
  await page.keyboard.press('End');
  const last = list.getByRole('button', { name: /Bulk finding 00003/ });
  await expect(last).toBeFocused();
  await expect(page.getByRole('heading', { level: 2, name: /Bulk finding 00003/ })).toBeVisible();
  expect(await list.locator('button[data-finding-id]').count()).toBeLessThan(80);

  // An autosaved edit changes its own row; the list is not fetched again.
  let listCalls = 0;
  page.on('request', (request) => {
    if (request.url().includes('/api/findings.list')) listCalls += 1;
  });
  await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Renamed bulk finding');
  await expect(list.getByRole('button', { name: /Renamed bulk finding/ })).toBeVisible();
  expect(listCalls).toBe(0);
});
