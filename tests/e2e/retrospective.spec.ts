import { expect, test } from './fixtures';
import { FieldworkPage } from './pages/FieldworkPage';

// The improvement loop's retrospectives and calibration, driven from the screens: an action left open
// in the first cycle shows in the second cycle's Retrospectives view and is closed there; a new
// retrospective is held and autosaved; a calibration session's agreed reading of a control shows as
// guidance on that control's checklist item; a training need tagged in the finding editor is in the plan.

test('an earlier cycle’s open action is closed in the next cycle, and calibration guides the checklist', async ({ page, host }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  // Cycle 1 is the audit Fieldwork opens on; cycle 2 is made after it, of the same system.
  const { fieldwork, audit: q1 } = await FieldworkPage.open(page, host.url, { audit: 'Payments Q1', release: { system: 'Payments' } });
  const call = fieldwork.call;
  const q2 = await call('audits.create', { name: 'Payments Q2' });
  await call('audits.pinTemplate', { auditId: q2.id, templateVersionId: '0190a000-0000-7000-8000-000000000002' });
  const r2 = await call('releases.create', { auditId: q2.id, identifier: 'PAY-2', system: 'Payments' });
  await call('retrospectives.addAction', { auditId: q1.id, text: 'Rehearse the backout before each window', owner: 'Ana' });
  await call('retrospectives.addAction', { auditId: q1.id, text: 'Name a CAB deputy', owner: 'Ben', status: 'done' });

  // Choose cycle 2 in the context bar (Fieldwork lists the audits), then open Improvement.
  await page.keyboard.press('Alt+1');
  await page.getByRole('button', { name: 'Open the plan of Payments Q2' }).click();
  await expect(page.getByTestId('context-bar')).toContainText('Payments Q2');
  await page.keyboard.press('Alt+9');
  await page.getByRole('tab', { name: 'Retrospectives' }).click();
  const earlierList = page.getByRole('list', { name: 'Open actions from earlier cycles' });
  const action = earlierList.getByRole('listitem', { name: /Rehearse the backout/ });
  await expect(action).toContainText('from Payments Q1');
  await expect(page.getByRole('heading', { name: 'Open actions from earlier cycles (1)' })).toBeVisible();

  // Closed here: it continues in this cycle, done, and no longer shows as open from earlier.
  await action.getByLabel(/^Status of Rehearse/).selectOption('done');
  const own = page.getByRole('list', { name: 'Action items of this cycle' });
  await expect(own.getByRole('listitem', { name: /Rehearse the backout/ })).toContainText('carried over from Payments Q1');
  await expect(page.getByText('No action of an earlier cycle is still open.')).toBeVisible();
  const view = await call('retrospectives.view', { auditId: q2.id });
  expect(view.actions.map((a: { status: string; auditId: string }) => [a.status, a.auditId])).toEqual([['done', q2.id]]);

  // A retrospective is held from the keyboard and saved as it is typed.
  await page.getByLabel('Title of a new retrospective').fill('Q2 cycle');
  await page.getByLabel('Title of a new retrospective').press('Enter');
  const editor = page.getByRole('region', { name: 'Retrospective Q2 cycle' });
  await editor.getByLabel('What went well').fill('The cut-over finished early');
  await expect(editor.getByText(/Saved/)).toBeVisible();
  await expect.poll(async () => (await call('retrospectives.view', { auditId: q2.id })).retrospectives[0]?.wentWell).toBe('The cut-over finished early');

  // Calibration: recorded today, its reading of RA-PRE-01 guides that checklist item from today on.
  await page.getByRole('tab', { name: 'Training & calibration' }).click();
  await page.getByRole('button', { name: 'Record session' }).click();
  const session = page.getByRole('region', { name: /^Calibration session of / });
  await session.getByLabel('Control').selectOption('RA-PRE-01');
  await session.getByRole('button', { name: 'Add control' }).click();
  await session.getByLabel(/^RA-PRE-01/).fill('An e-mail from the CAB chair counts as the approval.');
  await expect(session.getByText(/Saved/)).toBeVisible();

  // A training need tagged on an open finding, from the finding editor, shows in the training plan.
  const finding = await call('findings.create', { auditId: q2.id, title: 'CAB approval after the window', controlId: 'RA-PRE-01', criteria: 'c', condition: 'c', cause: 'c', effect: 'e', recommendation: 'r' });
  await call('evidence.addText', { auditId: q2.id, kind: 'api-response', text: 'approved 10:05', links: [{ targetType: 'finding', targetId: finding.id }] });
  await call('findings.transition', { id: finding.id, to: 'open' });
  await page.keyboard.press('Alt+6');
  await page.getByRole('complementary', { name: 'Findings list' }).getByRole('button', { name: /CAB approval after the window/ }).click();
  const needs = page.getByRole('region', { name: 'Training needs' });
  await needs.getByLabel('Training need for').selectOption('change-manager');
  await needs.getByRole('button', { name: 'Tag need' }).click();
  await needs.getByLabel('Training note for Change manager').fill('Approve before the window opens');
  await needs.getByLabel('Training note for Change manager').press('Enter');
  await expect.poll(async () => (await call('training.needsOfFinding', { findingId: finding.id }))[0]?.note).toBe('Approve before the window opens');
  await page.keyboard.press('Alt+9');
  await page.getByRole('tab', { name: 'Training & calibration' }).click();
  await expect(page.getByRole('list', { name: 'Training needs of Change manager' })).toContainText('CAB approval after the window');

  await page.keyboard.press('Alt+4');
  await page.getByRole('heading', { name: r2.identifier, level: 2 }).waitFor();
  await fieldwork.tab('Checklist').click();
  const item = page.locator('li.checklist-item', { hasText: 'RA-PRE-01' });
  await expect(item.getByTestId('calibration-guidance')).toContainText('An e-mail from the CAB chair counts as the approval.');
});
