import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// Small things that cost trust: the signing key is never replaced by one click, pasted text and a
// file added twice are handled in plain words, lists in a sync conflict read as lists, and a
// finalised audit's evidence shows no add controls.

test.use({ viewport: { width: 1024, height: 700 } });

function api(page: Page, origin: string) {
  return async <T = unknown>(method: string, data: unknown): Promise<T> => {
    const body = await (await page.request.post(`${origin}/api/${method}`, { data })).json();
    if (!body.ok) throw new Error(body.error.message);
    return body.value as T;
  };
}

/** Both themes of what is on screen, for a person to look at. */
async function shoot(page: Page, name: string, target = page.locator('main')) {
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await target.screenshot({ path: `test-results/trust-details/${name}-${theme}.png` });
  }
}

/** Opens an area on the audit: picks it when the area asks which audit, and waits until it is named. */
async function openAudit(page: Page, key: string, name: string) {
  await page.keyboard.press(key);
  const pick = page.getByRole('button', { name, exact: true });
  const shown = page.getByTestId('context-bar').filter({ hasText: name });
  await expect(pick.or(shown)).toBeVisible();
  if (await pick.isVisible()) await pick.click();
  await expect(shown).toBeVisible();
}

test('replacing the signing key asks first and says what breaks; the issued report is linked from its message', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const call = api(page, host.origin);
  await call('audits.create', { name: 'Key audit' });
  const first = await call<{ fingerprint: string }>('identity.create', { name: 'Ada Auditor', role: 'Lead auditor' });

  await openAudit(page, 'Alt+7', 'Key audit');
  const identity = page.getByRole('region', { name: 'Signing identity' });
  await expect(identity).toContainText('Reports are signed as Ada Auditor');
  // The PKCS#12 file is chosen with a real button, named for what it does now.
  await expect(identity.getByRole('button', { name: 'Replace with a PKCS#12 file…' })).toBeVisible();

  await identity.getByLabel('Your name').fill('Ada Auditor');
  await identity.getByRole('button', { name: 'Replace with a new self-signed certificate…' }).click();
  const confirm = identity.getByRole('alertdialog', { name: 'Replace your signing key?' });
  await expect(confirm).toContainText('Your old key endorses the new one');
  await expect(confirm).toContainText('A laptop that never trusted your old key still has to compare and trust the new one');
  await expect(confirm).toContainText('issued reports and sent bundles still verify');
  await expect(confirm.getByRole('button', { name: 'Keep my current key' })).toBeFocused();
  await shoot(page, 'replace-key-confirm', identity);
  await confirm.getByRole('button', { name: 'Keep my current key' }).click();
  await expect(confirm).toHaveCount(0);
  expect((await call<{ fingerprint: string }>('identity.get', {})).fingerprint).toBe(first.fingerprint);

  await identity.getByRole('button', { name: 'Replace with a new self-signed certificate…' }).click();
  await confirm.getByRole('button', { name: 'Replace my signing key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your signing key is replaced' })).toBeVisible();
  const now = await call<{ fingerprint: string }>('identity.get', {});
  expect(now.fingerprint).not.toBe(first.fingerprint);
  await identity.getByText(/Other keys in this data folder/).click();
  await expect(identity.getByRole('list', { name: 'Other keys in this data folder' })).toContainText('retired');
  await shoot(page, 'replaced-key-retired', identity);

  const issue = page.getByRole('region', { name: 'Issue a report' });
  await issue.getByRole('button', { name: 'Issue report' }).click();
  const link = issue.getByRole('link', { name: /^Download RA-[0-9A-F-]+\.pdf$/ });
  await expect(link).toBeVisible({ timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^RA-.*\.pdf$/);
  await shoot(page, 'report-issued', issue);

  // Finalised: the screen says what can still happen (reports, amendments) and offers no finalising.
  const audit = (await call<Array<{ id: string; name: string }>>('audits.list', {})).find((a) => a.name === 'Key audit') as { id: string };
  await call('plans.save', { auditId: audit.id, conclusionRating: 'satisfactory', conclusionText: 'The releases followed change management.' });
  await call('audits.finalise', { id: audit.id });
  await page.keyboard.press('Alt+1');
  await openAudit(page, 'Alt+7', 'Key audit');
  const status = page.getByRole('region', { name: 'Finalise' });
  await expect(status.getByRole('note')).toContainText('its records read only');
  await expect(status.getByRole('button', { name: 'Finalise the audit…' })).toHaveCount(0);
  await shoot(page, 'reports-finalised', status);
});

test('pasted text becomes a log excerpt, a file added twice links the existing record, and a finalised audit shows no add controls', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const call = api(page, host.origin);
  const audit = await call<{ id: string }>('audits.create', { name: 'Evidence audit' });
  await openAudit(page, 'Alt+5', 'Evidence audit');
  await page.getByRole('heading', { name: 'Evidence', level: 1 }).waitFor();
  const zone = page.getByRole('group', { name: /Add evidence: drop files here/ });

  const paste = (text: string) =>
    zone.evaluate((el, t) => {
      const data = new DataTransfer();
      if (t) data.setData('text/plain', t);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  await paste('22:01:03 deploy PAY-9 started by jdoe\n22:04:10 deploy PAY-9 done');
  const list = page.getByRole('list', { name: 'Evidence' });
  await expect(list.getByRole('listitem').filter({ hasText: 'pasted text' })).toHaveCount(1);
  await expect(list).toContainText('log-excerpt');
  await paste('');
  await expect(page.getByRole('status').filter({ hasText: 'The clipboard holds no screenshot and no text to keep' })).toBeVisible();

  const file = { name: 'deploy.log', mimeType: 'text/plain', buffer: Buffer.from('step 4 started\nstep 4 done\n') };
  await page.getByLabel('Add evidence: choose files').setInputFiles(file);
  await expect(list.getByRole('listitem').filter({ hasText: 'deploy.log' })).toHaveCount(1);
  await page.getByLabel('Add evidence: choose files').setInputFiles({ ...file, name: 'deploy-copy.log' });
  const note = page.locator('.already-recorded');
  await expect(note).toContainText('“deploy-copy.log” is already in this audit’s evidence as “deploy.log”');
  await expect(note).toContainText('no second copy was stored');
  await expect(list.locator(':scope > li')).toHaveCount(2);
  await note.getByRole('button', { name: 'Show the existing record' }).click();
  await expect(list.getByRole('listitem').filter({ hasText: 'deploy.log' }).first()).toBeFocused();
  expect((await call<{ total: number }>('evidence.list', { auditId: audit.id })).total).toBe(2);
  await shoot(page, 'evidence-already-there', page.locator('.evidence-capture'));

  // Finalised: the zone's controls are gone, and it says why.
  await call('plans.save', { auditId: audit.id, conclusionRating: 'satisfactory', conclusionText: 'The releases followed change management.' });
  await call('audits.finalise', { id: audit.id });
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Alt+5');
  await expect(page.getByRole('note')).toContainText('The audit is finalised: no evidence can be added to it or linked any more');
  await expect(page.getByRole('button', { name: 'Choose files…' })).toHaveCount(0);
  await expect(page.getByRole('group', { name: /drop files here/ })).toHaveCount(0);
  await expect(list.locator(':scope > li')).toHaveCount(2);
  await shoot(page, 'evidence-finalised');
});

test('a conflict between two lists shows both lists side by side, each item only one side holds marked', async ({ page, host }) => {
  // A list conflict as the service reports it (two laptops editing one plan's lists): what is tested
  // here is how the screen reads it, so it comes from a route instead of two hosts.
  const conflict = {
    id: 'c'.repeat(32),
    auditId: null,
    entity: 'audit_plans',
    entityId: '0190a000-0000-7000-8000-0000000000aa',
    record: 'plan of “Payments Q3”',
    field: 'escalationRules',
    fieldLabel: 'escalation rules',
    kind: 'concurrent',
    current: { value: [{ condition: 'P1 incident open', escalateTo: 'CAB chair' }, { condition: 'Backout untested', escalateTo: 'Risk' }], actor: 'Bea', at: '2026-11-30T10:00:00.000Z' },
    other: {
      value: [{ condition: 'P1 incident open', escalateTo: 'CAB chair' }, { condition: 'No RFC', escalateTo: 'Change manager' }],
      actor: 'Ada',
      deviceId: '0190a000-0000-7000-8000-0000000000bb',
      at: '2026-11-30T10:05:00.000Z',
    },
    canSwap: true,
    canCombine: true,
    resolution: null,
  };
  await page.route('**/api/sync.conflicts', (route) => route.fulfill({ json: { ok: true, value: [conflict] } }));
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  await page.keyboard.press('Alt+8');
  const row = page.getByRole('listitem', { name: 'plan of “Payments Q3”, escalation rules' });
  const current = row.getByRole('list', { name: 'Current list' });
  const other = row.getByRole('list', { name: 'Other list' });
  await expect(current.getByRole('listitem')).toHaveText(['condition: P1 incident open; escalate to: CAB chair', 'only here condition: Backout untested; escalate to: Risk']);
  await expect(other.getByRole('listitem')).toHaveText(['condition: P1 incident open; escalate to: CAB chair', 'only there condition: No RFC; escalate to: Change manager']);
  await expect(row).not.toContainText('{');
  await shoot(page, 'conflict-lists', row);
});
