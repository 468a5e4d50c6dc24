import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// An audit with the standard checklist pinned, opened on the Fieldwork area.
async function fieldwork(page: Page, url: string, origin: string) {
  await page.goto(url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const call = async (method: string, data: unknown) => {
    const response = await page.request.post(`${origin}/api/${method}`, { data });
    const body = await response.json();
    if (!body.ok) throw new Error(body.error.message);
    return body.value;
  };
  const audit = await call('audits.create', { name: 'Fieldwork audit' });
  await call('audits.pinTemplate', { auditId: audit.id, templateVersionId: '0190a000-0000-7000-8000-000000000002' });
  await page.keyboard.press('Alt+4');
  await page.getByRole('button', { name: 'Fieldwork audit' }).click();
  return { auditId: audit.id as string, call };
}

async function addRelease(page: Page, identifier: string) {
  await page.getByRole('button', { name: 'New release' }).click();
  await page.getByLabel('Release identifier').fill(identifier);
  await page.getByLabel('Release identifier').press('Enter');
  await expect(page.getByRole('heading', { name: identifier, level: 2 })).toBeVisible();
}

test('a release with its window, tickets, runbook, artifacts and components, and the warnings that matter', async ({ page, host }) => {
  await fieldwork(page, host.url, host.origin);
  await addRelease(page, 'PAY-2026.11.3');
  await page.getByLabel('System').fill('Payments');
  await page.getByLabel('Time zone of the window').selectOption('Europe/Berlin');
  await page.getByLabel('Window opens').fill('2026-11-20T23:00');
  await page.getByLabel('Source tag').fill('v1.4.2');
  await page.getByLabel('Deployment manifest version').fill('1.4.3');
  await page.getByRole('button', { name: '+ Add ticket' }).click();
  await page.getByLabel('Ticket 1 reference').fill('RFC-881');
  await page.getByLabel('Ticket 1 approval').selectOption('approved');
  await page.getByLabel('Ticket 1 approved at (Europe/Berlin)').fill('2026-11-20T23:30');
  await page.getByRole('button', { name: '+ Add step' }).click();
  await page.getByLabel('Step 1', { exact: true }).fill('Drain traffic');
  await page.getByRole('button', { name: '+ Add component' }).click();
  await page.getByLabel('Component 1 name').fill('log4j-core');
  await page.getByLabel('Component 1 vulnerabilities').selectOption('known');
  const warnings = page.getByTestId('release-warnings');
  await expect(warnings).toContainText('RFC-881 was approved at 20 Nov 2026, 23:30 Europe/Berlin, after the deployment window opened at 20 Nov 2026, 23:00 Europe/Berlin.');
  await expect(warnings).toContainText('Artifact versions disagree: source tag v1.4.2, deployment manifest 1.4.3.');
  await expect(warnings).toContainText('log4j-core  has a known vulnerability.');
  await page.waitForTimeout(1200);
  await page.reload();
  await expect(page.getByLabel('Window opens')).toHaveValue('2026-11-20T23:00');
  await expect(page.getByLabel('Step 1', { exact: true })).toHaveValue('Drain traffic');
  await expect(page.getByLabel('Ticket 1 reference')).toHaveValue('RFC-881');
});

test('the checklist runs from the keyboard alone, autosaves, and raises a draft finding from a failure', async ({ page, host }) => {
  const { auditId, call } = await fieldwork(page, host.url, host.origin);
  await addRelease(page, 'R-KEYS');
  await page.getByRole('tab', { name: 'Checklist' }).click();
  const first = page.locator('[data-index="0"]');
  await first.focus();
  await page.keyboard.press('p');
  await expect(first).toContainText('Pass');
  await expect(page.locator('[data-index="1"]')).toBeFocused();
  await page.keyboard.press('f');
  await page.keyboard.press('Enter');
  await page.keyboard.type('No CAB minutes for this RFC');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-index="1"]')).toContainText('No CAB minutes for this RFC');
  await page.keyboard.press('r');
  await expect(page.getByRole('status').filter({ hasText: 'Draft finding raised' })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('n');
  await expect(page.getByText('3/9 checked, 1 failed')).toBeVisible();

  const findings = (await call('findings.list', { auditId })).rows;
  expect(findings).toHaveLength(1);
  // The list sends summary rows; the finding's texts come with findings.get.
  expect(await call('findings.get', { id: findings[0].id })).toMatchObject({ status: 'draft', condition: 'No CAB minutes for this RFC' });
  await page.reload();
  await expect(page.locator('[data-index="1"]')).toContainText('Fail');
});

test('evidence arrives by drop, paste and log excerpt, with hash, times, custody and preview', async ({ page, host }) => {
  const { auditId, call } = await fieldwork(page, host.url, host.origin);
  await page.keyboard.press('Alt+5');
  const zone = page.getByRole('group', { name: /Add evidence: drop files here/ });
  // Drop a file.
  const dropped = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['2026-11-20 22:01 deploy started\n'], 'deploy.log', { type: 'text/plain' }));
    return data;
  });
  await zone.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(page.getByRole('listitem').filter({ hasText: 'deploy.log' })).toContainText('drop');
  // Evidence can be marked confidential (kept out of external reports): saved at once, in the ledger.
  const droppedItem = page.getByRole('listitem').filter({ hasText: 'deploy.log' });
  await droppedItem.getByRole('checkbox', { name: /Confidential: kept out of external reports/ }).check();
  await expect(droppedItem.getByRole('status')).toHaveText('Saved.');
  expect((await call('evidence.list', { auditId })).rows).toEqual(expect.arrayContaining([expect.objectContaining({ originalName: 'deploy.log', confidential: true })]));
  // Paste a screenshot from the clipboard.
  await zone.focus();
  await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 40;
    canvas.height = 20;
    canvas.getContext('2d')!.fillRect(0, 0, 40, 20);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  const screenshot = page.getByRole('listitem').filter({ hasText: 'screenshot-' });
  await expect(screenshot).toContainText('clipboard');
  await screenshot.getByRole('button', { name: 'Preview' }).click();
  await expect(screenshot.getByRole('img')).toBeVisible();
  // The view is recorded as the host sends the image: open the log once the image has arrived.
  await expect.poll(() => screenshot.getByRole('img').evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
  await screenshot.getByRole('button', { name: 'Custody log' }).click();
  await expect(screenshot.getByRole('list', { name: /Custody of/ })).toContainText('captured by e2e-auditor');
  await expect(screenshot.getByRole('list', { name: /Custody of/ })).toContainText('viewed by e2e-auditor');
  await expect(screenshot).toContainText(/SHA-256[0-9a-f]{64}/);
  await expect(screenshot).toContainText('UTC');
  // A log excerpt with its source.
  await page.getByRole('button', { name: 'Log excerpt' }).click();
  await page.getByLabel('Source system').fill('Jenkins');
  await page.getByLabel('Log file').fill('deploy.log');
  await page.getByLabel('First line').fill('120');
  await page.getByLabel('Last line').fill('124');
  await page.getByLabel('Excerpt', { exact: true }).fill('22:01 step 4 started\n22:03 step 4 failed: timeout');
  await page.getByRole('button', { name: 'Store as evidence' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'deploy.log, lines 120–124' })).toContainText('Jenkins');
  // A PDF previews in the browser's own viewer, from the vault.
  const pdf = path.join(os.tmpdir(), `cab-minutes-${Date.now()}.pdf`);
  fs.writeFileSync(pdf, minimalPdf('CAB minutes 2026-11-19'));
  await page.getByLabel('Add evidence: choose files').setInputFiles(pdf);
  const pdfItem = page.getByRole('listitem').filter({ hasText: path.basename(pdf) });
  await pdfItem.getByRole('button', { name: 'Preview' }).click();
  await expect(pdfItem.locator('iframe')).toBeVisible();
  fs.rmSync(pdf);
});

test('a large file streams in with a progress bar while the screen stays usable', async ({ page, host }) => {
  await fieldwork(page, host.url, host.origin);
  await page.keyboard.press('Alt+5');
  const big = path.join(os.tmpdir(), `release-${Date.now()}.bin`);
  const fd = fs.openSync(big, 'w');
  const block = Buffer.alloc(4 * 1024 * 1024, 7);
  for (let i = 0; i < 64; i += 1) fs.writeSync(fd, block);
  fs.closeSync(fd);
  try {
    await page.getByLabel('Add evidence: choose files').setInputFiles(big);
    await expect(page.getByRole('progressbar', { name: `Uploading ${path.basename(big)}` })).toBeVisible();
    // The screen answers while the upload runs.
    await page.getByLabel('Filter').fill('release-');
    await expect(page.getByLabel('Filter')).toHaveValue('release-');
    const item = page.getByRole('listitem').filter({ hasText: path.basename(big) });
    await expect(item).toContainText('256.0 MB', { timeout: 60_000 });
    await expect(page.getByRole('progressbar')).toHaveCount(0);
  } finally {
    fs.rmSync(big, { force: true });
  }
});

test('the war room runs on hotkeys: steps timed against plan, nodes, changes, halts, rollback and corrections', async ({ page, host }) => {
  const { call } = await fieldwork(page, host.url, host.origin);
  await addRelease(page, 'WAR-1');
  const release = (await call('releases.list', { auditId: (await call('audits.list', {}))[0].id }))[0];
  const soon = new Date(Date.now() - 5 * 60_000).toISOString();
  await call('releases.saveRunbook', { releaseId: release.id, steps: [{ title: 'Drain traffic', plannedStart: soon }, { title: 'Deploy' }] });
  await page.reload();
  await page.getByRole('tab', { name: 'War room' }).click();
  const room = page.getByRole('region', { name: 'War room' });
  await room.focus();
  await page.keyboard.press('s');
  await expect(page.getByRole('table', { name: 'Planned against actual' })).toContainText(/start \+\d+ min/);
  await page.keyboard.press('d');
  await page.keyboard.press('n');
  await page.getByLabel('Node or service').fill('eu-1');
  await page.getByLabel('Node or service').press('Enter');
  await expect(room.getByRole('list').filter({ hasText: 'eu-1' }).first()).toContainText('in-progress');
  await expect(page.getByRole('form')).toHaveCount(0);
  await page.keyboard.press('c');
  await page.getByLabel('Text').fill('Raised DB pool to 80');
  await page.getByLabel('Text').press('Enter');
  await expect(page.getByText('On-the-fly changes awaiting approval')).toBeVisible();
  await expect(page.getByRole('form')).toHaveCount(0);
  await page.keyboard.press('h');
  await page.getByLabel('Observed %').fill('7.5');
  await expect(page.getByText('Above the halt threshold')).toBeVisible();
  await page.getByLabel('Observed %').press('Enter');
  await expect(page.getByText('Halt threshold breached')).toBeVisible();
  await expect(page.getByRole('form')).toHaveCount(0);
  await page.keyboard.press('b');
  await page.getByLabel('Reason').fill('error rate');
  await page.getByLabel('Reason').press('Enter');
  await expect(room).toContainText('still running');
  await page.keyboard.press('b');
  await page.getByLabel('RTO (minutes)').fill('30');
  await page.getByLabel('RTO (minutes)').press('Enter');
  await expect(room).toContainText('RTO of 30 min met');
  await room.getByRole('button', { name: /node-status eu-1/ }).click();
  await room.focus();
  await page.keyboard.press('x');
  await page.getByLabel('What was wrong').fill('It was us-1');
  await page.getByLabel('Void the entry').selectOption('true');
  await page.getByLabel('What was wrong').press('Enter');
  await expect(room.getByRole('button', { name: /node-status eu-1/ })).toHaveClass(/voided/);
  await page.getByRole('button', { name: 'Approve… (A)' }).click();
  await page.getByLabel('Approved by').fill('CAB chair');
  await page.getByLabel('Approved by').press('Enter');
  await expect(page.getByText('On-the-fly changes awaiting approval')).toHaveCount(0);
});

test('interviews: question sets, tribal knowledge, follow-ups, and nothing typed is lost on a reload', async ({ page, host }) => {
  const { auditId, call } = await fieldwork(page, host.url, host.origin);
  await page.getByRole('tab', { name: 'Interviews' }).click();
  await page.getByLabel('Interviewee').fill('Dana (SRE)');
  await page.getByRole('button', { name: 'Plan interview' }).click();
  await page.getByLabel('Question set').selectOption({ label: 'Post-release follow-up: operations (Operations / SRE)' });
  // From here on no save reaches the app until the reload, as when the window closes mid-save; so the
  // reload below surely comes before any of these edits is stored, however slow the machine is.
  await expect(page.getByTestId('save-state')).toHaveText(/^Saved/);
  await page.route('**/api/interviews.save', (route) => route.abort('connectionclosed'));
  await page.getByLabel('Was there anything you had to do that was not in the runbook?').fill('Restarted the cache by hand');
  await page.getByLabel('Consent to take notes was given').check();
  await page.getByLabel('New: Undocumented steps (tribal knowledge)').fill('Cache restart after ledger-api deploys');
  await page.getByLabel('New: Undocumented steps (tribal knowledge)').press('Enter');
  const notes = page.getByRole('region', { name: 'Interview notes' });
  await expect(notes).toContainText('No notes yet');
  await notes.getByLabel('New note').fill('Typed right before the window closed');
  // Reload before any save could finish: the keystrokes are kept on this computer.
  await page.unroute('**/api/interviews.save');
  await page.reload();
  await page.getByRole('tab', { name: 'Interviews' }).click();
  await expect(notes.getByLabel('New note')).toHaveValue('Typed right before the window closed');
  await expect(page.getByTestId('save-state')).toHaveText(/^Saved/);
  await expect(page.getByLabel('Was there anything you had to do that was not in the runbook?')).toHaveValue('Restarted the cache by hand');
  await expect(page.getByRole('region', { name: 'Undocumented steps (tribal knowledge)' })).toContainText('Cache restart after ledger-api deploys');
  // Notes are a log: Ctrl+Enter adds one, with who and when; a correction is a later note.
  await notes.getByLabel('New note').press('Control+Enter');
  const log = notes.getByRole('list', { name: 'Notes so far' });
  await expect(log.getByRole('listitem')).toHaveCount(1);
  await expect(log).toContainText('Typed right before the window closed');
  await expect(notes.getByLabel('New note')).toHaveValue('');
  await expect(notes.getByLabel('New note')).toBeFocused();
  await log.getByRole('button', { name: /^Correct e2e-auditor's note of / }).click();
  const correction = notes.getByLabel(/^Correction of e2e-auditor's note of /);
  await expect(correction).toBeFocused();
  await expect(correction).toHaveValue('Typed right before the window closed');
  await correction.fill('Typed at 22:15, right before the window closed');
  // A reload mid-correction keeps both the text and which note it corrects.
  await page.reload();
  await page.getByRole('tab', { name: 'Interviews' }).click();
  await expect(correction).toHaveValue('Typed at 22:15, right before the window closed');
  await notes.getByRole('button', { name: 'Add correction' }).click();
  await expect(log.getByRole('listitem')).toHaveCount(2);
  await expect(log.getByRole('listitem').first()).toHaveClass(/corrected/);
  await expect(log.getByRole('listitem').first()).toContainText('corrected by e2e-auditor at');
  await expect(log.getByRole('listitem').nth(1)).toContainText("corrects e2e-auditor's note of");
  await page.reload();
  await page.getByRole('tab', { name: 'Interviews' }).click();
  await expect(log.getByRole('listitem')).toHaveCount(2);
  await expect(notes.getByLabel('New note')).toHaveValue('');
  // Esc stops a correction; the untouched text it was given leaves the box with it.
  await log.getByRole('listitem').nth(1).getByRole('button', { name: /^Correct / }).click();
  await expect(correction).toHaveValue('Typed at 22:15, right before the window closed');
  await correction.press('Escape');
  await expect(notes.getByLabel('New note')).toHaveValue('');
  // Once the audit is finalised the log is closed; a note still being typed is kept, shown, and can be discarded.
  await notes.getByLabel('New note').fill('Typed while the audit was being finalised');
  await call('plans.save', { auditId, conclusionRating: 'satisfactory', conclusionText: 'The releases followed change management.' });
  await call('audits.finalise', { id: auditId });
  await page.reload();
  await page.getByRole('tab', { name: 'Interviews' }).click();
  await expect(notes).toContainText('The audit is finalised: its interview notes are closed.');
  await expect(notes.getByRole('button', { name: /^Correct/ })).toHaveCount(0);
  await expect(notes.getByLabel(/^Unsent note/)).toHaveValue('Typed while the audit was being finalised');
  await notes.getByRole('button', { name: 'Discard unsent note' }).click();
  await expect(notes.getByLabel(/^Unsent note/)).toHaveCount(0);
  await expect(log.getByRole('listitem')).toHaveCount(2);
});

test('emergency releases: justification, after-the-fact approval against the policy, bypassed controls with a countdown', async ({ page, host }) => {
  await fieldwork(page, host.url, host.origin);
  await addRelease(page, 'HOTFIX-7');
  await page.getByLabel('Emergency release').check();
  await page.getByLabel('Window opens').fill('2026-11-20T22:00');
  await page.getByRole('tab', { name: 'Emergency' }).click();
  await expect(page.getByTestId('release-warnings')).toContainText('No justification is recorded for this emergency release.');
  await expect(page.getByTestId('release-warnings')).toContainText('"Emergency deployment without the full CAB" allows 24 h');
  await page.getByLabel('Justification', { exact: true }).fill('Card payments failing');
  await page.getByLabel('Approved after the fact by').fill('CAB chair');
  await page.getByLabel('Approved after the fact at').fill('2026-11-21T23:30');
  await expect(page.getByTestId('release-warnings')).toContainText('Approved after the fact 26 h after the window opened, later than the policy');
  await page.getByLabel('Control bypassed').fill('RA-RFC-04');
  await page.getByRole('button', { name: 'Record bypass' }).click();
  await expect(page.getByRole('region', { name: 'Bypassed controls' })).toContainText(/overdue by \d+ h/);
  await expect(page.getByTestId('release-warnings')).toContainText('RA-RFC-04 was bypassed');
});

function minimalPdf(text: string): string {
  const stream = `BT /F1 18 Tf 30 100 Td (${text}) Tj ET`;
  return `%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 400 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj
4 0 obj<</Length ${stream.length}>>stream
${stream}
endstream endobj
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
trailer<</Root 1 0 R>>
%%EOF
`;
}
