import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { FieldworkPage } from './pages/FieldworkPage';

// Field-ready: nothing typed under pressure is lost or wrong, and the keyboard never gets stuck.
// The browser runs in UTC while the release's window is in Berlin, so a time read in the wrong zone shows.
test.use({ timezoneId: 'UTC' });

const shots = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'field-ready');

/** The wall clock of an instant in Berlin, as a datetime-local input takes it. */
function berlin(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

test('war-room forms refuse an empty value in plain words, and Enter from a dropdown logs the entry', async ({ page, host }) => {
  const { fieldwork, release } = await FieldworkPage.open(page, host.url);
  await fieldwork.tab('War room').click();
  await expect(fieldwork.room).toBeFocused();
  // H then Enter with nothing typed: refused next to the field, nothing written.
  await page.keyboard.press('h');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('form')).toContainText('Observed % is empty: type the number you see.');
  await expect(page.getByLabel('Observed %')).toBeFocused();
  expect((await fieldwork.board(release.id)).entries).toHaveLength(0);
  await page.keyboard.type('1.5');
  await expect(page.getByRole('form')).not.toContainText('Observed % is empty');
  await page.keyboard.press('Enter');
  await expect(fieldwork.log).toContainText('Error rate (first batch): 1.5% against 5% → continue');
  await expect(fieldwork.room).toBeFocused();
  // A note with no text is refused too; Esc gives the keys back.
  await page.keyboard.press('o');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('form')).toContainText('Text is empty: write what happened.');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('form')).toHaveCount(0);
  await expect(fieldwork.room).toBeFocused();
  // Enter on the Status dropdown submits instead of opening it, and the next hotkeys are heard.
  await page.keyboard.press('n');
  await page.keyboard.type('eu-1');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('combobox', { name: 'Status' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(fieldwork.log).toContainText('eu-1: in-progress');
  await page.keyboard.press('o');
  await page.keyboard.type('Bridge call opened');
  await page.keyboard.press('Enter');
  await page.keyboard.press('c');
  await page.keyboard.type('Raised DB pool to 80');
  await page.keyboard.press('Enter');
  await expect(fieldwork.entries()).toHaveCount(4);
  expect((await fieldwork.board(release.id)).entries.map((e: { kind: string }) => e.kind)).toEqual(['halt-check', 'node-status', 'note', 'on-the-fly-change']);
  // A key that does nothing says why.
  await page.keyboard.press('q');
  await expect(fieldwork.hint).toContainText('Q does nothing in the war room. Keys: S, D, N, V, C, A, H, B, O, X');
  await page.keyboard.press('d');
  await expect(fieldwork.hint).toContainText('D does nothing now: no step is running');
});

test('a back-dated entry means the zone the log is headed with, and a time still to come there is refused', async ({ page, host }) => {
  const { fieldwork, release } = await FieldworkPage.open(page, host.url);
  await fieldwork.tab('War room').click();
  await expect(page.getByRole('heading', { name: 'Log (times in Europe/Berlin)' })).toBeVisible();
  await expect(fieldwork.room).toBeFocused();
  const tenMinutesAgo = Date.now() - 10 * 60_000;
  const typed = berlin(tenMinutesAgo);
  await page.keyboard.press('o');
  await page.keyboard.type('Smoke tests green');
  await page.getByLabel('When (Europe/Berlin; empty: now)').fill(typed);
  await page.getByLabel('When (Europe/Berlin; empty: now)').press('Enter');
  await expect(fieldwork.log).toContainText(`${typed.slice(11)} note Smoke tests green`);
  const [entry] = (await fieldwork.board(release.id)).entries;
  expect(Math.abs(Date.parse(entry.at) - tenMinutesAgo)).toBeLessThan(60_000);
  // An hour from now in Berlin has not happened yet, whatever the computer's own zone.
  await page.keyboard.press('o');
  await page.keyboard.type('Typed an hour early');
  await page.getByLabel('When (Europe/Berlin; empty: now)').fill(berlin(Date.now() + 60 * 60_000));
  await page.getByLabel('When (Europe/Berlin; empty: now)').press('Enter');
  await expect(page.getByRole('form')).toContainText('Europe/Berlin has not come yet');
  expect((await fieldwork.board(release.id)).entries).toHaveLength(1);
  await page.keyboard.press('Escape');
  // A refusal only the log can know (a rollback finished before it started) reopens the form with
  // what was typed, naming the field as the form labels it.
  await page.keyboard.press('b');
  await page.keyboard.type('error rate');
  await page.keyboard.press('Enter');
  await expect(fieldwork.room).toContainText('still running');
  await page.keyboard.press('b');
  await page.getByLabel('RTO (minutes)').fill('45');
  await page.getByLabel('When (Europe/Berlin; empty: now)').fill(berlin(Date.now() - 60 * 60_000));
  await page.getByLabel('When (Europe/Berlin; empty: now)').press('Enter');
  await expect(page.getByRole('form')).toContainText('Not recorded: When: a rollback cannot finish before it started');
  await expect(page.getByLabel('RTO (minutes)')).toHaveValue('45');
  await page.getByLabel('When (Europe/Berlin; empty: now)').fill('');
  await page.getByLabel('RTO (minutes)').press('Enter');
  await expect(fieldwork.room).toContainText('RTO of 45 min met');
  await expect(fieldwork.room).toContainText(/Rollback \(manual\) started \d+ \w+ \d{4}, \d\d:\d\d Europe\/Berlin/);
});

test('arrow keys select a log entry, X corrects it, A approves a change, and Alt+W reaches the war room from anywhere', async ({ page, host }) => {
  const { fieldwork, release } = await FieldworkPage.open(page, host.url);
  await fieldwork.tab('War room').click();
  await expect(page.getByRole('toolbar', { name: 'War-room entries' })).toBeVisible();
  await expect(fieldwork.room).toBeFocused();
  await page.keyboard.press('x');
  await expect(fieldwork.hint).toContainText('X corrects the selected entry: select one first with ↑/↓');
  await page.keyboard.press('a');
  await expect(fieldwork.hint).toContainText('A does nothing now: no on-the-fly change is waiting for approval.');
  await page.keyboard.press('c');
  await page.keyboard.type('Raised DB pool to 80');
  await page.keyboard.press('Enter');
  await page.keyboard.press('n');
  await page.keyboard.type('eu-1');
  await page.keyboard.press('Enter');
  await expect(fieldwork.entries()).toHaveCount(2);
  await page.keyboard.press('ArrowDown');
  await expect(fieldwork.log.getByRole('button', { pressed: true })).toContainText('eu-1: in-progress');
  await expect(fieldwork.hint).toContainText('Selected');
  await page.keyboard.press('x');
  await page.keyboard.type('It was us-1');
  await page.keyboard.press('Tab');
  await page.getByLabel('Void the entry').selectOption('true');
  await page.keyboard.press('Enter');
  await expect(fieldwork.log.getByRole('button', { name: /node-status eu-1/ })).toHaveClass(/voided/);
  await page.keyboard.press('a');
  await expect(page.getByLabel('Approved by')).toBeFocused();
  await page.keyboard.type('CAB chair');
  await page.keyboard.press('Enter');
  await expect(page.getByText('On-the-fly changes awaiting approval')).toHaveCount(0);
  expect((await fieldwork.board(release.id)).entries.map((e: { kind: string }) => e.kind)).toEqual(['on-the-fly-change', 'node-status', 'correction', 'change-approved']);
  // From another area, two keys: Alt+W.
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { name: 'Audits', level: 1 })).toBeVisible();
  await page.keyboard.press('Alt+W');
  await expect(fieldwork.room).toBeFocused();
  await expect(fieldwork.contextBar).toContainText('Audit: Field-ready audit');
  await expect(fieldwork.contextBar).toContainText('Release: PAY-1');
  await page.keyboard.press('o');
  await expect(page.getByLabel('Text')).toBeFocused();
});

test('a bad bypassed-control row is marked on the row, never takes the good ones down, and the good ones survive a reload', async ({ page, host }) => {
  const { fieldwork, release } = await FieldworkPage.open(page, host.url, { release: { emergency: true, windowStart: '2026-11-20T21:00:00.000Z' } });
  await fieldwork.tab('Emergency').click();
  const control = page.getByLabel('Control bypassed');
  // Only an item of the pinned checklist can be recorded.
  await control.fill('RA-TST-02');
  await control.press('Enter');
  await expect(fieldwork.bypassed).toContainText('RA-TST-02 is not an item of the pinned checklist: pick one from the list.');
  await expect(fieldwork.bypassed.getByRole('listitem')).toHaveCount(0);
  await control.fill('ra-rfc-04');
  await control.press('Enter');
  const good = fieldwork.bypassed.getByRole('listitem', { name: 'Bypassed RA-RFC-04' });
  await expect(good).toBeVisible();
  await good.getByLabel('RA-RFC-04 note').fill('Re-approved at the next CAB');
  await good.getByRole('button', { name: 'Remediated now' }).click();
  await expect(good).toContainText('remediated late');
  // A row remediated before it was bypassed is marked, and not saved; the good row still saves.
  await control.fill('RA-RFC-05');
  await page.getByRole('button', { name: 'Record bypass' }).click();
  const bad = fieldwork.bypassed.getByRole('listitem', { name: 'Bypassed RA-RFC-05' });
  await bad.getByLabel('RA-RFC-05 remediated at (Europe/Berlin)').fill('2026-11-20T20:00');
  await expect(bad).toContainText('Not saved: remediated before it was bypassed');
  await expect(bad).not.toContainText(/left|overdue/);
  await expect(page.getByTestId('save-state').first()).toHaveText(/^Saved/);
  await expect(page.getByTestId('save-state').first()).not.toContainText('bypassedControls');
  fs.mkdirSync(shots, { recursive: true });
  await fieldwork.bypassed.screenshot({ path: path.join(shots, 'bypassed-controls.png') });
  await page.reload();
  await expect(good).toBeVisible();
  await expect(good.getByLabel('RA-RFC-04 note')).toHaveValue('Re-approved at the next CAB');
  // The row that could not be saved is still there after the reload, still marked, still not saved.
  await expect(bad).toContainText('Not saved: remediated before it was bypassed');
  const saved = await fieldwork.call('releases.get', { id: release.id });
  expect(saved.bypassedControls.map((b: { itemKey: string; note: string }) => [b.itemKey, b.note])).toEqual([['RA-RFC-04', 'Re-approved at the next CAB']]);
  // Corrected, it saves like the others.
  await bad.getByLabel('RA-RFC-05 remediated at (Europe/Berlin)').fill('2026-11-21T09:00');
  await expect(bad).not.toContainText('Not saved');
  await expect(page.getByTestId('save-state').first()).toHaveText(/^Saved/);
  await page.reload();
  await expect(fieldwork.bypassed.getByRole('listitem')).toHaveCount(2);
  expect((await fieldwork.call('releases.get', { id: release.id })).bypassedControls).toHaveLength(2);
});

test('Esc from an item\'s evidence gives the keyboard back to the item, and P/F keep working', async ({ page, host }) => {
  const { fieldwork } = await FieldworkPage.open(page, host.url);
  await fieldwork.tab('Checklist').click();
  const first = page.locator('[data-index="0"]');
  await first.focus();
  await page.keyboard.press('p');
  await page.keyboard.press('ArrowUp');
  await expect(first).toBeFocused();
  await page.keyboard.press('e');
  const panel = first.locator('.item-evidence');
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Close evidence' }).focus();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(first).toBeFocused();
  await page.keyboard.press('f');
  await expect(first).toContainText('Fail');
  await page.keyboard.press('q');
  await expect(fieldwork.checklistHint).toContainText('Q does nothing in the checklist.');
});

for (const [width, height] of [
  [1024, 700],
  [1440, 900],
] as const) {
  test(`the war room and the checklist fit ${width}×${height}, in both themes, with no horizontal scroll`, async ({ page, host }) => {
    await page.setViewportSize({ width, height });
    const { fieldwork, release } = await FieldworkPage.open(page, host.url);
    await fieldwork.call('releases.saveRunbook', { releaseId: release.id, steps: [{ title: 'Drain traffic on the payment gateway' }, { title: 'Deploy ledger-api 1.4.2' }] });
    await fieldwork.call('warroom.add', { releaseId: release.id, kind: 'note', body: { text: 'Bridge call opened' } });
    await page.reload();
    await fieldwork.tab('War room').click();
    await expect(fieldwork.entries()).toHaveCount(1);
    fs.mkdirSync(shots, { recursive: true });
    for (const theme of ['light', 'dark'] as const) {
      await page.getByLabel('Colour theme').selectOption(theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await fieldwork.tab('War room').click();
      await fieldwork.room.focus();
      await page.keyboard.press('q');
      await expect(fieldwork.hint).toContainText('Q does nothing');
      expect(await fieldwork.noHorizontalScroll()).toBe(true);
      const log = await fieldwork.log.boundingBox();
      expect(log && log.y + 40 < height).toBe(true);
      await page.screenshot({ path: path.join(shots, `warroom-${width}x${height}-${theme}.png`) });
      await fieldwork.tab('Checklist').click();
      const title = page.locator('[data-index="0"] .checklist-row .grow');
      await expect(title).toBeVisible();
      // A message sits in its own strip above the status bar, never over the screen.
      await page.locator('[data-index="0"]').focus();
      await page.keyboard.press('f');
      await page.keyboard.press('r');
      await expect(fieldwork.notices).toContainText(/Draft finding raised|already/);
      // Both boxes are read in one frame: the strip may still be growing by a second message.
      const overlap = () =>
        page.evaluate(() => {
          const main = document.getElementById('main')!.getBoundingClientRect();
          const strip = document.querySelector('[data-testid="notices"]')!.getBoundingClientRect();
          return Math.max(0, main.bottom - strip.top);
        });
      await expect.poll(overlap).toBeLessThanOrEqual(1);
      expect(await fieldwork.noHorizontalScroll()).toBe(true);
      expect((await title.boundingBox())!.width).toBeGreaterThan(200);
      await page.screenshot({ path: path.join(shots, `checklist-${width}x${height}-${theme}.png`) });
      await fieldwork.tab('Details').click();
      await expect(page.getByLabel('Step 1 planned start (Europe/Berlin)')).toBeVisible();
      // Each editor row says what its fields hold, in words on screen.
      await expect(page.getByRole('region', { name: 'Runbook' }).getByText('Planned start (Europe/Berlin)').first()).toBeVisible();
      await expect(page.getByRole('region', { name: 'Runbook' }).getByText('Planned end (Europe/Berlin)').first()).toBeVisible();
      expect(await fieldwork.noHorizontalScroll()).toBe(true);
      await page.screenshot({ path: path.join(shots, `details-${width}x${height}-${theme}.png`) });
      await page.getByRole('region', { name: 'Runbook' }).screenshot({ path: path.join(shots, `runbook-${width}x${height}-${theme}.png`) });
      // The other main screens, measured the same way.
      for (const [key, name] of [
        ['Alt+1', 'audits'],
        ['Alt+2', 'plan'],
        ['Alt+6', 'findings'],
      ] as const) {
        await page.keyboard.press(key);
        await expect(page.locator('#main h1')).toBeVisible();
        await expect(fieldwork.contextBar).toContainText('Audit: Field-ready audit');
        if (name === 'audits') await page.getByRole('button', { name: 'Status and finalising of Field-ready audit' }).click();
        expect(await fieldwork.noHorizontalScroll(), `${name} at ${width}×${height}`).toBe(true);
        await page.screenshot({ path: path.join(shots, `${name}-${width}x${height}-${theme}.png`) });
      }
      await page.keyboard.press('Alt+4');
    }
  });
}

test("the audit's life is visible: work moves it to fieldwork, finalising shows what is incomplete, and a finalised audit reads only", async ({ page, host }) => {
  const { fieldwork, audit } = await FieldworkPage.open(page, host.url);
  await expect(fieldwork.contextBar).toContainText('Planning');
  await fieldwork.tab('Checklist').click();
  await page.locator('[data-index="0"]').focus();
  await page.keyboard.press('f');
  await expect(page.locator('[data-index="0"]')).toContainText('Fail');
  await expect(fieldwork.contextBar).toContainText('Fieldwork');
  await page.keyboard.press('Alt+1');
  await page.getByRole('button', { name: `Status and finalising of ${audit.name}` }).click();
  const life = page.getByRole('region', { name: `Life of ${audit.name}` });
  const incomplete = life.getByRole('list', { name: 'What is incomplete' });
  await expect(incomplete).toContainText('69 checklist items without a result.');
  await expect(incomplete).toContainText('1 failed item with no finding.');
  await expect(incomplete).toContainText('PAY-1: RA-RFC-01');
  await life.getByRole('button', { name: 'Move to reporting' }).click();
  await expect(life.locator('[aria-current="step"]')).toHaveText('Reporting');
  // Finalising waits for the overall conclusion, written in the same panel and autosaved.
  await expect(incomplete).toContainText('No overall conclusion is written');
  await expect(life.getByRole('button', { name: 'Finalise with this list in view' })).toBeDisabled();
  await life.getByLabel('Overall rating').selectOption('needs-improvement');
  await life.getByLabel('Conclusion', { exact: true }).fill('One release went out without CAB approval.');
  await expect(incomplete).not.toContainText('No overall conclusion');
  await life.getByRole('button', { name: 'Finalise with this list in view' }).click();
  await expect(life.locator('[aria-current="step"]')).toHaveText('Finalised');
  await expect(page.getByRole('table', { name: 'Audits' })).toContainText('Finalised');
  // Fieldwork of a finalised audit has no editable field, and its keys say why they do nothing.
  await page.keyboard.press('Alt+4');
  await fieldwork.tab('Details').click();
  await expect(page.getByText('The audit is finalised: this release is read-only.')).toBeVisible();
  await expect(page.getByLabel('System')).toBeDisabled();
  await expect(page.getByRole('button', { name: '+ Add step' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'New release' })).toHaveCount(0);
  await fieldwork.tab('War room').click();
  await fieldwork.room.focus();
  await page.keyboard.press('o');
  await expect(fieldwork.hint).toContainText('The audit is finalised: its war-room log is closed');
  await expect(page.getByRole('form')).toHaveCount(0);
});
