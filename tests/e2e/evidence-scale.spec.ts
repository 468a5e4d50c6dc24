import { openCore } from '../../electron/services';
import { insertEvidenceRows } from '../helpers/bulk-evidence';
import { expect, test } from './fixtures';

// Three thousand pieces of evidence: the Evidence screen paints its first rows while the rest load,
// keeps only the rows in view in the page, the keyboard reaches the last one, and the filter is the host's.

const COUNT = 3000;
test.setTimeout(120_000);

test('an audit with 3,000 pieces of evidence paints its first rows, draws only those in view, and the keys reach the last', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const response = await page.request.post(`${host.origin}/api/audits.create`, { data: { name: 'Evidence-heavy audit' } });
  const audit = (await response.json()).value as { id: string };
  // Written through the real record writer from this process, which SQLite serialises with the host's writes.
  const core = openCore({ dataDir: host.dataDir, actor: 'e2e-auditor' });
  try {
    insertEvidenceRows(core, audit.id, COUNT);
  } finally {
    core.close();
  }
  const listCalls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/evidence.list')) listCalls.push(request.postData() ?? '');
  });

  await page.keyboard.press('Alt+4');
  await page.getByRole('button', { name: 'Evidence-heavy audit' }).click();
  await page.keyboard.press('Alt+5');
  const list = page.getByRole('list', { name: 'Evidence' });
  // The newest piece comes first, with the details its row fetches once drawn.
  const first = list.getByRole('listitem').filter({ hasText: 'deploy-02999.log' });
  await expect(first).toBeVisible();
  await expect(first).toContainText('A long note about piece 2999.');
  await expect(page.getByText(`${COUNT} of ${COUNT}`, { exact: true })).toBeVisible();
  // The first page was a small one; the rest came after it in bigger pages.
  expect(JSON.parse(listCalls[0]!)).toMatchObject({ limit: 100, cursor: null });
  // Only the rows in view (and a few around them) are in the page, not three thousand.
  const drawn = await list.locator(':scope > li').count();
  expect(drawn).toBeGreaterThan(2);
  expect(drawn).toBeLessThan(40);
  expect(await page.locator('#main *').count()).toBeLessThan(2500);

  // Keyboard: the first row is in the tab order; Down moves to the next, End reaches the oldest.
  await first.focus();
  await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('listitem').filter({ hasText: 'deploy-02998.log' })).toBeFocused();
  await page.keyboard.press('End');
  const last = list.getByRole('listitem').filter({ hasText: 'deploy-00000.log' });
  await expect(last).toBeFocused();
  await expect(last).toHaveAttribute('tabindex', '0');
  await page.keyboard.press('Home');
  await expect(first).toBeFocused();
  expect(await list.locator(':scope > li').count()).toBeLessThan(40);

  // The filter asks the host, which answers the matches and their count.
  await page.getByLabel('Filter').fill('deploy-0123');
  await expect(page.getByText(`10 of ${COUNT}`, { exact: true })).toBeVisible();
  await expect(list.locator(':scope > li').first()).toContainText('deploy-01239.log');
  expect(await list.locator(':scope > li').count()).toBeLessThanOrEqual(10);
  expect(listCalls.some((body) => JSON.parse(body).filter === 'deploy-0123')).toBe(true);
});
