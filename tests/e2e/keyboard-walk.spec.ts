import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

// The whole audit from the keyboard alone, on a small laptop screen: plan, checklist, evidence from
// the clipboard, the war room (every entry kind), an emergency release, a finding, finalising and a
// signed report. No click, no fill: every key goes through one counter, printed per step at the end.
test.use({ viewport: { width: 1024, height: 700 }, timezoneId: 'UTC' });

const shots = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'keyboard-walk');

/** Every key the walk presses, counted per step. A place Tab never reaches fails the walk, naming it. */
class Keys {
  readonly steps: Array<{ name: string; keys: number }> = [];
  constructor(readonly page: Page) {}

  step(name: string): void {
    this.steps.push({ name, keys: 0 });
  }

  get total(): number {
    return this.steps.reduce((sum, s) => sum + s.keys, 0);
  }

  private count(n: number): void {
    const current = this.steps.at(-1);
    if (!current) throw new Error('Name the step before pressing keys.');
    current.keys += n;
  }

  async press(key: string, times = 1): Promise<void> {
    for (let i = 0; i < times; i += 1) {
      await this.page.keyboard.press(key);
      this.count(1);
    }
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
    this.count(text.length);
  }

  /** Tab (or Shift+Tab) until the target has the focus. */
  async tabTo(target: Locator, { back = false, max = 90 } = {}): Promise<void> {
    await target.waitFor();
    for (let i = 0; i <= max; i += 1) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      if (i === max) break;
      await this.press(back ? 'Shift+Tab' : 'Tab');
    }
    const focused = await this.page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160));
    throw new Error(`${max} presses of ${back ? 'Shift+Tab' : 'Tab'} never reached ${target}; the focus was on ${focused}`);
  }

  /**
   * Ctrl+V with a screenshot on the system clipboard. Headless Chromium has no system clipboard to
   * read an image from, so the paste event the browser would send is sent to the focused element.
   */
  async pasteScreenshot(): Promise<void> {
    await this.page.evaluate(() => {
      // A 1×1 PNG.
      const bytes = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    this.count(1);
  }

  /** Ctrl+V with text on the clipboard (a log line copied from a terminal), sent the same way. */
  async pasteText(text: string): Promise<void> {
    await this.page.evaluate((pasted) => {
      const data = new DataTransfer();
      data.setData('text/plain', pasted);
      document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
    this.count(1);
  }
}

test('a whole audit, keyboard only, at 1024×700', async ({ page, host }) => {
  test.setTimeout(180_000);
  const keys = new Keys(page);
  const origin = new URL(host.url).origin;
  const call = async (method: string, data: unknown) => {
    const body = await (await page.request.post(`${origin}/api/${method}`, { data })).json();
    if (!body.ok) throw new Error(body.error.message);
    return body.value;
  };
  const contextBar = page.getByTestId('context-bar');
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();

  keys.step('create the audit');
  await keys.press('n');
  await expect(page.getByRole('form', { name: 'New audit' }).getByLabel('Name')).toBeFocused();
  await keys.type('Keyboard walk Q4');
  await keys.press('Enter');
  await expect(page.getByRole('table', { name: 'Audits' }).getByRole('row').filter({ hasText: 'Keyboard walk Q4' })).toBeVisible();
  await expect(contextBar).toContainText('Planning');

  keys.step('plan');
  await keys.press('Alt+2');
  await expect(page.getByRole('heading', { name: 'Plan: Keyboard walk Q4', level: 1 })).toBeFocused();
  await keys.tabTo(page.getByRole('textbox', { name: 'Objective', exact: true }));
  await keys.type('Confirm Q4 releases followed change control');
  await keys.tabTo(page.locator('#pin-version'));
  await keys.press('ArrowDown');
  await keys.tabTo(page.getByRole('button', { name: 'Pin to audit' }));
  await keys.press('Enter');
  await expect(page.getByTestId('pinned-template')).toContainText('v');
  await page.screenshot({ path: path.join(shots, '1-plan.png') });

  keys.step('release (emergency) with a runbook');
  await keys.press('Alt+4');
  await expect(page.getByRole('heading', { name: 'Fieldwork', level: 1 })).toBeFocused();
  await keys.tabTo(page.getByRole('button', { name: 'New release' }));
  await keys.press('Enter');
  await keys.type('PAY-7');
  await keys.press('Enter');
  await expect(page.getByRole('heading', { name: 'PAY-7', level: 2 })).toBeVisible();
  await keys.tabTo(page.getByRole('checkbox', { name: 'Emergency release' }));
  await keys.press('Space');
  await keys.tabTo(page.getByRole('button', { name: '+ Add step' }));
  await keys.press('Enter');
  await expect(page.getByLabel('Step 1', { exact: true })).toHaveValue('Step 1');
  await expect(page.getByRole('tab', { name: 'Emergency' })).toBeVisible();
  await expect.poll(async () => (await call('releases.list', { auditId: (await call('audits.list', {}))[0].id }))[0].runbook.length).toBe(1);

  keys.step('checklist results');
  await keys.tabTo(page.getByRole('tab', { name: 'Checklist' }), { back: true });
  await keys.press('Enter');
  const items = page.locator('.checklist-item');
  await keys.tabTo(page.locator('.checklist-item[tabindex="0"]'));
  await keys.press('p');
  await keys.press('p');
  await keys.press('n');
  await keys.press('t');
  await keys.press('f');
  for (const [i, result] of ['pass', 'pass', 'not-applicable', 'not-tested', 'fail'].entries()) await expect(items.nth(i)).toHaveClass(new RegExp(`result-${result}`));
  await expect(contextBar).toContainText('Fieldwork');
  await keys.press('Enter');
  await keys.type('No CAB approval recorded for the hotfix');
  await keys.press('Enter');
  await expect(items.nth(4)).toBeFocused();

  keys.step('evidence from the clipboard');
  await keys.press('e');
  const dropZone = page.getByLabel(/Evidence for this item: drop files here/);
  await keys.tabTo(dropZone);
  await keys.pasteScreenshot();
  await expect(page.locator('.item-evidence')).toContainText('screenshot-');
  // Stored, not still on its way: the upload row goes once the vault holds it.
  await expect(page.locator('.item-evidence .upload-row')).toHaveCount(0);
  // A log line copied from the deployment terminal becomes a text excerpt of the item.
  await keys.tabTo(dropZone);
  await keys.pasteText('2026-12-01T09:51:02Z deploy ledger-api 1.4.2 started by ci-bot (no CAB approval id)');
  await expect(page.locator('.item-evidence')).toContainText('pasted text');
  await expect(page.locator('.item-evidence .upload-row')).toHaveCount(0);
  await keys.press('Escape');
  await expect(items.nth(4)).toBeFocused();

  keys.step('raise the finding');
  await keys.press('r');
  await expect(page.getByTestId('notices')).toContainText('Draft finding raised');

  keys.step('war room, every entry kind');
  await keys.press('Alt+w');
  const room = page.getByRole('region', { name: 'War room' });
  const log = page.getByRole('list', { name: 'War-room log' });
  await expect(room).toBeFocused();
  await keys.press('s');
  await expect(log).toContainText('Step 1');
  await keys.press('d');
  await expect(log.getByRole('listitem')).toHaveCount(2);
  await keys.press('n');
  await keys.type('eu-1');
  await keys.press('Enter');
  await keys.press('v');
  await keys.type('Canary skipped');
  await keys.press('Enter');
  await keys.press('c');
  await keys.type('Raised DB pool to 80');
  await keys.press('Enter');
  await expect(log.getByRole('listitem')).toHaveCount(5);
  await keys.press('a');
  await keys.type('CAB chair');
  await keys.press('Enter');
  await keys.press('h');
  await keys.type('1.5');
  await keys.press('Enter');
  await keys.press('b');
  await keys.type('Error spike');
  await keys.press('Enter');
  await expect(log.getByRole('listitem')).toHaveCount(8);
  await keys.press('b');
  await keys.press('Enter');
  await keys.press('o');
  await keys.type('Bridge closed');
  await keys.press('Enter');
  await expect(log.getByRole('listitem')).toHaveCount(10);
  await keys.press('ArrowDown');
  await keys.press('x');
  await keys.type('Typed the wrong bridge');
  await keys.press('Enter');
  await expect(log.getByRole('listitem')).toHaveCount(11);
  const logged = await call('warroom.entries', { releaseId: (await call('releases.list', { auditId: (await call('audits.list', {}))[0].id }))[0].id, limit: 1000 });
  expect(new Set(logged.rows.map((e: { kind: string }) => e.kind))).toEqual(
    new Set(['step-started', 'step-finished', 'node-status', 'deviation', 'on-the-fly-change', 'change-approved', 'halt-check', 'rollback-started', 'rollback-finished', 'note', 'correction']),
  );
  await page.screenshot({ path: path.join(shots, '2-war-room.png') });

  keys.step('emergency release');
  await keys.tabTo(page.getByRole('tab', { name: 'Emergency' }), { back: true });
  await keys.press('Enter');
  await keys.tabTo(page.getByRole('textbox', { name: 'Justification', exact: true }));
  await keys.type('Payment outage: hotfix could not wait for CAB');
  await keys.press('Tab');
  await keys.type('CAB chair');
  await keys.tabTo(page.locator('#em-bypass'));
  await keys.type('RA-RFC-04');
  await keys.press('Enter');
  await expect(page.getByRole('region', { name: 'Bypassed controls' })).toContainText('RA-RFC-04');
  await page.screenshot({ path: path.join(shots, '3-emergency.png') });

  keys.step('complete the finding and accept its risk');
  await keys.press('Alt+6');
  await expect(page.getByRole('heading', { name: 'Findings', level: 1 })).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Criteria (what should be)', exact: true })).not.toHaveValue('');
  await keys.tabTo(page.getByRole('textbox', { name: 'Cause', exact: true }));
  await keys.type('Emergency path used without its policy');
  await keys.press('Tab');
  await keys.type('Unapproved code reached payments');
  await keys.press('Tab');
  await keys.type('Enforce CAB approval in the pipeline');
  await keys.tabTo(page.getByRole('button', { name: 'Open the finding' }));
  await keys.press('Enter');
  await expect(page.getByTestId('notices')).toContainText('The finding is now open.');
  // Accepting the risk asks for the finding's Owner, by the name the screen gives it.
  await expect(page.getByTestId('risk-owner-needed')).toBeVisible();
  await keys.tabTo(page.getByRole('textbox', { name: 'Risk accepted by (to accept the risk)', exact: true }));
  await keys.type('CISO');
  await keys.press('Tab');
  await keys.type('Pipeline change planned for Q1');
  await keys.tabTo(page.getByRole('button', { name: 'Move to: Risk accepted' }));
  await keys.press('Enter');
  await expect(page.getByTestId('notices')).toContainText('To accept the risk, fill in: Owner.');
  await keys.tabTo(page.locator('#f-owner'), { back: true });
  await keys.type('B. Chen');
  await expect(page.getByTestId('risk-owner-needed')).toHaveCount(0);
  await keys.tabTo(page.getByRole('button', { name: 'Move to: Risk accepted' }));
  await keys.press('Enter');
  await expect(page.getByText('Risk accepted by CISO: Pipeline change planned for Q1')).toBeVisible();

  keys.step('finalise with the incomplete list in view');
  await keys.press('Alt+1');
  await keys.tabTo(page.getByRole('button', { name: 'Status and finalising of Keyboard walk Q4' }));
  await keys.press('Enter');
  await expect(page.getByRole('list', { name: 'What is incomplete' })).toContainText('without a result');
  await keys.tabTo(page.getByRole('combobox', { name: 'Overall rating' }));
  await keys.type('Needs');
  await keys.tabTo(page.getByRole('textbox', { name: 'Conclusion', exact: true }));
  await keys.type('CAB approval was skipped once; the risk is accepted.');
  await expect(page.getByRole('list', { name: 'What is incomplete' })).not.toContainText('No overall conclusion');
  await keys.tabTo(page.getByRole('button', { name: 'Finalise with this list in view' }));
  await keys.press('Enter');
  await expect(contextBar).toContainText('Finalised');
  await expect(page.getByRole('region', { name: 'Life of Keyboard walk Q4' })).toContainText('Finalised: every record of this audit is read-only.');
  await expect(page.getByRole('button', { name: 'Status and finalising of Keyboard walk Q4' })).toHaveText('Status');
  await keys.press('Alt+2');
  await expect(page.getByTestId('read-only-note')).toContainText('The audit is finalised');
  const editable = page.locator('#main').locator('input:enabled, textarea:enabled, select:enabled');
  await expect(page.getByRole('textbox', { name: 'Objective', exact: true })).toBeDisabled();
  await expect(editable).toHaveCount(0);
  await keys.press('Alt+6');
  await expect(page.getByTestId('read-only-note')).toContainText('its findings are read-only');
  await expect(page.getByRole('form', { name: 'New finding' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Cause', exact: true })).toBeDisabled();
  await expect(editable).toHaveCount(0);
  await page.screenshot({ path: path.join(shots, '4-finalised-findings.png') });

  keys.step('signed report');
  await keys.press('Alt+7');
  await keys.tabTo(page.getByRole('textbox', { name: 'Your name', exact: true }));
  await keys.type('Dana Auditor');
  await keys.press('Tab');
  await keys.type('Lead auditor');
  // Finalising sealed the ledger with a key made for this laptop's auditor; taking one in another
  // name replaces it, so the screen asks first, with "keep" focused.
  await keys.tabTo(page.getByRole('button', { name: 'Replace with a new self-signed certificate…' }));
  await keys.press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Replace your signing key?' });
  await expect(confirm.getByRole('button', { name: 'Keep my current key' })).toBeFocused();
  await keys.tabTo(confirm.getByRole('button', { name: 'Replace my signing key' }), { max: 4 });
  await keys.press('Enter');
  await expect(page.getByRole('region', { name: 'Signing identity' })).toContainText('Reports are signed as Dana Auditor');
  await keys.tabTo(page.getByRole('button', { name: 'Issue report' }));
  await keys.press('Enter');
  await expect(page.getByRole('region', { name: 'Issued reports' })).toContainText('valid — Dana Auditor', { timeout: 60_000 });
  await page.screenshot({ path: path.join(shots, '5-report.png') });

  for (const s of keys.steps) {
    console.log(`${s.name}: ${s.keys} keys`);
    test.info().annotations.push({ type: 'keys', description: `${s.name}: ${s.keys}` });
  }
  console.log(`total: ${keys.total} keys`);
  test.info().annotations.push({ type: 'keys', description: `total: ${keys.total}` });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});
