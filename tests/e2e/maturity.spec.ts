import { expect, test } from './fixtures';
import { apiCall } from './api-call';

// The Maturity view: criteria judged by keyboard (M met, N not met, U not assessed, Enter note),
// each saved as it is set, and the practice's level and gap changing as they are; the history holds
// the earlier cycle and this one.

test('judging criteria by keyboard raises and lowers the level of a practice', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const call = <T = any>(method: string, data: unknown) => apiCall<T>(page, host.origin, method, data); // eslint-disable-line @typescript-eslint/no-explicit-any
  const models = await call<Array<{ id: string; key: string }>>('maturity.models', {});
  const cobit = models.find((m) => m.key === 'cobit2019')!;
  const earlier = await call<{ id: string }>('audits.create', { name: 'Payments H1' });
  await call('plans.save', { auditId: earlier.id, scheduleStart: '2026-01-05' });
  await call('maturity.judge', { auditId: earlier.id, modelId: cobit.id, criterionId: 'bai06-1-log', status: 'met' });
  const audit = await call<{ id: string; name: string }>('audits.create', { name: 'Payments H2' });
  await call('plans.save', { auditId: audit.id, scheduleStart: '2026-07-06' });

  // Choose the audit (Fieldwork lists them), then the Improvement area's Maturity view.
  await page.keyboard.press('Alt+4');
  await page.getByRole('button', { name: audit.name }).click();
  await page.keyboard.press('Alt+9');
  await page.getByRole('tab', { name: 'Maturity' }).click();
  const view = page.getByRole('region', { name: 'Maturity' });
  await view.getByRole('radio', { name: /COBIT 2019/ }).check();
  const level = view.getByTestId('level-bai06');
  await expect(level).toHaveText('0 Incomplete');

  const criteria = view.getByRole('region', { name: 'Criteria' });
  const first = criteria.getByRole('group', { name: /^bai06-1-log / });
  await first.focus();
  await page.keyboard.press('m');
  await page.keyboard.press('m');
  await expect(view.getByTestId('save-state')).toHaveText(/^Saved/);
  await expect(level).toHaveText('0 Incomplete');
  // The third criterion of level 1 met: the practice reaches level 1, and its gap is level 2's criteria.
  await page.keyboard.press('m');
  await expect(level).toHaveText('1 Performed');
  await expect(view.getByRole('table', { name: 'Level per practice' }).getByRole('row', { name: /BAI06 Managed IT changes/ })).toContainText('Level 2: 3 criteria not met');
  await expect(criteria.getByRole('group', { name: /^bai06-2-impact / })).toBeFocused();

  // Back up to the first criterion, judge it not met with a note: the level falls back to the floor.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(first).toBeFocused();
  await page.keyboard.press('n');
  await expect(level).toHaveText('0 Incomplete');
  await first.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('textbox', { name: /^Note/ }).fill('Two changes in November had no ticket');
  await page.keyboard.press('Enter');
  await expect(first).toContainText('Two changes in November had no ticket');
  await expect(view.getByTestId('save-state')).toHaveText(/^Saved/);
  await expect(first).toBeFocused();
  await page.keyboard.press('x');
  await expect(criteria.getByTestId('maturity-hint')).toContainText('X does nothing here');
  await page.keyboard.press('m');
  await expect(level).toHaveText('1 Performed');

  // E opens the evidence picker on the criterion: ticking the audit's evidence cites it.
  await call('evidence.addText', { auditId: audit.id, kind: 'log-excerpt', text: 'RFC-17 approved by CAB', sourceFile: 'cab-2026-11.txt' });
  await first.focus();
  await page.keyboard.press('e');
  await criteria.getByRole('checkbox', { name: /cab-2026-11/ }).check();
  await expect(first).toContainText('1 evidence');
  await page.keyboard.press('Escape');
  await expect(first).toBeFocused();

  // The history holds both cycles in the order of their periods.
  const history = view.getByRole('table', { name: 'Maturity history' });
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history.getByRole('row').nth(1)).toContainText('Payments H1 (v1)');
  await expect(history.getByRole('row').nth(2)).toContainText('Payments H2 (v1)');
  await expect(history.getByRole('row').nth(2)).toContainText('2026-07-06');

  // The model is edited as its YAML file and published with a reason: this assessment keeps v1.
  await view.getByText(/^COBIT 2019 process capability: 1 version/).click();
  await view.getByRole('button', { name: 'Edit the model' }).click();
  const file = view.getByLabel('Model file (YAML)');
  const yaml = await file.inputValue();
  await file.fill(yaml.replace('level: 3\n', 'level: 9\n'));
  await view.getByLabel('Why this version').fill('Typo on purpose');
  await view.getByRole('button', { name: 'Publish as the next version' }).click();
  await expect(view.getByText(/must be 0 to 5/)).toContainText(/line \d+/);
  await file.fill(yaml.replace('Changes are logged before they are made', 'Every change is logged before it is made'));
  await view.getByLabel('Why this version').fill('Clearer wording of BAI06 level 1');
  await view.getByRole('button', { name: 'Publish as the next version' }).click();
  await expect(view.getByText(/^COBIT 2019 process capability: 2 versions, newest v2/)).toBeVisible();
  await expect(view.getByText('v2 published since; this assessment keeps v1', { exact: false })).toBeVisible();

  const stored = await call<{ practices: Array<{ id: string; level: number; levels: Array<{ criteria: Array<{ id: string; note: string }> }> }> }>('maturity.assessment', { auditId: audit.id, modelId: cobit.id });
  expect(stored.practices.find((p) => p.id === 'bai06')?.level).toBe(1);
  expect(stored.practices[0]?.levels[0]?.criteria[0]).toMatchObject({ id: 'bai06-1-log', note: 'Two changes in November had no ticket', status: 'met' });
  expect((stored.practices[0]?.levels[0]?.criteria[0] as unknown as { evidenceIds: string[] }).evidenceIds).toHaveLength(1);
});
