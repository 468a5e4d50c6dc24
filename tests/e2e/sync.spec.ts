import fs from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { AuditsPage } from './pages/AuditsPage';
import { SyncPage } from './pages/SyncPage';
import { expect, test, type PeerHost } from './peer-host';

// Two laptops, each a real host with its own data folder and auditor: laptop A is the `host`
// fixture (e2e-auditor), laptop B the `peer` fixture (bea-peer). Bundles travel as downloaded files.

async function call<T = unknown>(page: Page, origin: string, method: string, data: unknown): Promise<T> {
  const body = await (await page.request.post(`${origin}/api/${method}`, { data })).json();
  if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
  return body.value as T;
}

const pairs = (fingerprint: string) => (fingerprint.toUpperCase().match(/.{2}/g) ?? []).join(':');

/** The finding's conflict, whichever title the record carries at the moment. */
const findingRecord = /finding “Title from/;

/** Laptop A with an audit and a finding, on its Sync screen. */
async function laptopA(page: Page, url: string, origin: string) {
  await page.goto(url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const audit = await call<{ id: string }>(page, origin, 'audits.create', { name: 'Payments Q3' });
  const finding = await call<{ id: string }>(page, origin, 'findings.create', { auditId: audit.id, title: 'Backout untested' });
  const sync = new SyncPage(page);
  await sync.open();
  return { audit, finding, sync };
}

/** Laptop B in its own browser profile, on its Sync screen. */
async function laptopB(browser: Browser, peer: PeerHost) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(peer.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const sync = new SyncPage(page);
  await sync.open();
  return { context, page, sync };
}

test('a bundle goes from laptop A to laptop B through the screens, and a conflicting edit is settled there', async ({ page, host, peer, browser }, testInfo) => {
  test.setTimeout(120_000);
  const { audit, finding, sync: syncA } = await laptopA(page, host.url, host.origin);
  await expect(syncA.thisLaptop).toContainText('e2e-auditor');
  await expect(syncA.thisLaptop).toContainText('No key yet: it is made on the first export.');
  await expect(syncA.conflictsPanel).toContainText('No conflicts.');
  await expect(syncA.peersPanel).toContainText('No peers yet.');

  const first = await syncA.exportBundle('Payments Q3');
  expect(first.suggestedFilename()).toMatch(/^payments-q3-from-e2e-auditor-.*\.rabundle$/);
  const fileAB = testInfo.outputPath('a-to-b.rabundle');
  await first.saveAs(fileAB);
  expect(fs.statSync(fileAB).size).toBeGreaterThan(1000);
  const exportResult = syncA.exportPanel.getByRole('status', { name: 'Export result' });
  await expect(exportResult).toContainText('the whole audit');
  await expect(exportResult).toContainText('7 entries');
  // The key was made by the export: the card now shows the fingerprint to read out.
  const statusA = await call<{ identity: { fingerprint: string } }>(page, host.origin, 'sync.status', {});
  await expect(syncA.thisLaptop.getByTestId('fingerprint')).toHaveText(pairs(statusA.identity.fingerprint));

  // Laptop B is asked to compare A's fingerprint before anything is written.
  const { context: contextB, page: pageB, sync: syncB } = await laptopB(browser, peer);
  await syncB.chooseBundle(fileAB);
  await expect(syncB.review.getByRole('heading')).toHaveText('New key: compare fingerprints');
  await expect(syncB.review).toContainText('Payments Q3');
  await expect(syncB.review).toContainText('CN=e2e-auditor');
  await expect(syncB.review.getByRole('group', { name: 'Compare the key fingerprint' }).getByTestId('fingerprint')).toHaveText(pairs(statusA.identity.fingerprint));
  await syncB.review.getByRole('button', { name: 'Trust and import' }).click();
  await expect(syncB.importResult.getByRole('heading')).toHaveText('Imported “Payments Q3” from e2e-auditor');
  await expect(syncB.importResult).toContainText('7 new entries');
  await expect(syncB.importResult).toContainText('no conflicts');
  await expect(syncB.peersPanel.getByRole('row').filter({ hasText: 'e2e-auditor' })).toContainText('trusted');
  await expect(syncB.keysPanel).toContainText('CN=e2e-auditor');

  // The same file again: nothing to do.
  await syncB.importResult.getByRole('button', { name: 'Import another bundle' }).click();
  await syncB.chooseBundle(fileAB);
  await expect(syncB.review).toContainText('already imported');
  await syncB.review.getByRole('button', { name: 'Close' }).click();

  // The audit is on laptop B now.
  await pageB.keyboard.press('Alt+1');
  await expect(new AuditsPage(pageB).row('Payments Q3')).toBeVisible();

  // Both laptops change the finding's title before they sync again: B's edit is the later one.
  await call(page, host.origin, 'findings.update', { id: finding.id, title: 'Title from A' });
  await call(pageB, peer.origin, 'findings.update', { id: finding.id, title: 'Title from B' });
  // …and both add a vendor team to the plan: two lists, which can both be kept.
  await call(page, host.origin, 'plans.save', { auditId: audit.id, vendorTeams: ['Offshore ops'] });
  await call(pageB, peer.origin, 'plans.save', { auditId: audit.id, vendorTeams: ['Card processor'] });

  // B → A: only what A has not seen; A is asked about B's key, and finds the two titles.
  await syncB.open();
  const second = await syncB.exportBundle('Payments Q3', 'Only what e2e-auditor has not seen');
  const fileBA = testInfo.outputPath('b-to-a.rabundle');
  await second.saveAs(fileBA);
  await expect(syncB.exportPanel.getByRole('status', { name: 'Export result' })).toContainText('what e2e-auditor has not seen');
  await syncA.chooseBundle(fileBA);
  await expect(syncA.review.getByRole('heading')).toHaveText('New key: compare fingerprints');
  await syncA.review.getByRole('button', { name: 'Trust and import' }).click();
  await expect(syncA.importResult).toContainText('2 conflicts (2 new)');
  await expect(syncA.conflict(findingRecord).getByLabel('Current value')).toContainText('Title from B');

  // A → B: B trusts A's key already, so it only asks to import.
  await syncA.importResult.getByRole('button', { name: 'Import another bundle' }).click();
  const third = await syncA.exportBundle('Payments Q3', 'Only what bea-peer has not seen');
  const fileAB2 = testInfo.outputPath('a-to-b-2.rabundle');
  await third.saveAs(fileAB2);
  await syncB.chooseBundle(fileAB2);
  await expect(syncB.review.getByRole('heading')).toHaveText('Ready to import');
  await expect(syncB.review).toContainText('2 new here');
  await syncB.review.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(syncB.importResult).toContainText('2 conflicts (2 new)');

  // B lists the conflict with both values and who made them.
  const conflict = syncB.conflict(findingRecord);
  await expect(conflict).toContainText('finding “Title from B”');
  await expect(conflict).toContainText('title');
  await expect(conflict).toContainText('Concurrent edit');
  await expect(conflict.getByLabel('Current value')).toContainText('Title from B');
  await expect(conflict.getByLabel('Current value')).toContainText('bea-peer');
  await expect(conflict.getByLabel('Other value')).toContainText('Title from A');
  await expect(conflict.getByLabel('Other value')).toContainText('e2e-auditor');
  await expect(pageB.getByRole('button', { name: '2 conflicts to decide' })).toBeVisible();
  // How the screen reads, in both themes (the whole screen, not just the window).
  await pageB.setViewportSize({ width: 1280, height: 2600 });
  for (const theme of ['light', 'dark'] as const) {
    await pageB.getByLabel('Colour theme').selectOption(theme);
    await pageB.screenshot({ path: `/tmp/sync-${theme}.png` });
  }
  await pageB.setViewportSize({ width: 1280, height: 800 });

  // Filtered to the audit, the conflict is still there.
  await syncB.conflictsPanel.getByLabel('Show conflicts of').selectOption({ label: 'Payments Q3' });
  await expect(conflict).toHaveCount(1);

  // The two vendor-team lists: Keep both.
  const lists = syncB.conflict('plan of “Payments Q3”');
  await expect(lists.getByLabel('Current value')).toContainText('Card processor');
  await expect(lists.getByLabel('Other value')).toContainText('Offshore ops');
  await lists.getByRole('button', { name: 'Keep both' }).click();
  await expect(pageB.getByRole('status').filter({ hasText: 'Kept both lists of vendor teams' })).toBeVisible();
  const plan = await call<{ vendorTeams: string[] }>(pageB, peer.origin, 'plans.get', { auditId: audit.id });
  expect(plan.vendorTeams).toEqual(['Card processor', 'Offshore ops']);
  await expect(lists).toContainText('Decided: kept both lists in one');
  await expect(pageB.getByRole('button', { name: '1 conflict to decide' })).toBeVisible();

  await conflict.getByRole('button', { name: 'Use other value' }).click();
  await expect(pageB.getByRole('status').filter({ hasText: "The title now holds e2e-auditor's value." })).toBeVisible();
  const titles = (await call<{ rows: Array<{ title: string }> }>(pageB, peer.origin, 'findings.list', { auditId: audit.id })).rows.map((f) => f.title);
  expect(titles).toEqual(['Title from A']);
  // Settled: shown as decided, or gone from the list; either way nothing is left to decide.
  await expect(conflict.getByRole('button')).toHaveCount(0);
  if ((await conflict.count()) > 0) await expect(conflict).toContainText('Decided: used the other value');
  await expect(pageB.getByRole('button', { name: /to decide/ })).toHaveCount(0);
  await pageB.keyboard.press('Alt+6');
  await pageB.getByRole('button', { name: 'Payments Q3' }).click();
  await expect(pageB.getByRole('complementary', { name: 'Findings list' })).toContainText('Title from A');
  await contextB.close();
});

test('a damaged bundle and a revoked key are refused in plain words, and a key can be trusted again', async ({ page, host, peer, browser }, testInfo) => {
  test.setTimeout(90_000);
  const { sync: syncA } = await laptopA(page, host.url, host.origin);
  const file = testInfo.outputPath('a-to-b.rabundle');
  await (await syncA.exportBundle('Payments Q3')).saveAs(file);
  const { context, page: pageB, sync: syncB } = await laptopB(browser, peer);

  // A byte changed in transit: the signature no longer holds, and the server's reason is shown.
  const damaged = testInfo.outputPath('damaged.rabundle');
  const bytes = fs.readFileSync(file);
  bytes[200] = (bytes[200] as number) ^ 0xff;
  fs.writeFileSync(damaged, bytes);
  await syncB.dropFile('damaged.rabundle', bytes);
  const refusal = syncB.importPanel.getByRole('alert');
  await expect(refusal).toContainText('damaged.rabundle was not imported.');
  await refusal.getByRole('button', { name: 'Dismiss' }).click();

  // A file that is not a bundle is turned away before it is sent.
  await syncB.importPanel.getByLabel('Bundle file to import').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(syncB.importPanel.getByRole('alert')).toContainText('This is not a bundle file');
  await syncB.importPanel.getByRole('button', { name: 'Dismiss' }).click();

  // Cancelling the fingerprint prompt writes nothing.
  await syncB.chooseBundle(file);
  await syncB.review.getByRole('button', { name: 'Cancel' }).click();
  await expect(syncB.review).toHaveCount(0);
  await expect(syncB.keysPanel).toContainText('No colleague’s key is trusted yet.');

  await syncB.chooseBundle(file);
  await syncB.review.getByRole('button', { name: 'Trust and import' }).click();
  await expect(syncB.importResult).toContainText('7 new entries');

  // Revoke A's key (after confirming): A's next bundle is refused.
  pageB.once('dialog', (dialog) => void dialog.accept());
  await syncB.keysPanel.getByRole('button', { name: 'Revoke the key of CN=e2e-auditor, OU=Auditor, O=Release Audit' }).click();
  await expect(syncB.keysPanel.getByRole('row').filter({ hasText: 'CN=e2e-auditor' })).toContainText('revoked');
  await expect(syncB.peersPanel.getByRole('row').filter({ hasText: 'e2e-auditor' })).toContainText('revoked');
  await call(page, host.origin, 'findings.create', { auditId: (await call<Array<{ id: string }>>(page, host.origin, 'audits.list', {}))[0]?.id, title: 'Second finding' });
  const next = testInfo.outputPath('a-to-b-2.rabundle');
  await (await syncA.exportBundle('Payments Q3')).saveAs(next);
  await syncB.importResult.getByRole('button', { name: 'Import another bundle' }).click();
  await syncB.chooseBundle(next);
  await expect(syncB.review.getByRole('heading')).toHaveText('Refused: the signer’s key is revoked');
  await expect(syncB.review.getByRole('alert')).toContainText('nothing was imported');
  await expect(syncB.review.getByRole('button', { name: /Import/ })).toHaveCount(0);
  await syncB.review.getByRole('button', { name: 'Close' }).click();

  // Trusted again, the same file imports.
  await syncB.keysPanel.getByRole('button', { name: /Trust the key of CN=e2e-auditor/ }).click();
  await expect(syncB.keysPanel.getByRole('row').filter({ hasText: 'CN=e2e-auditor' })).toContainText('trusted');
  await syncB.chooseBundle(next);
  await syncB.review.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(syncB.importResult).toContainText('1 new entry');
  await context.close();
});
