import { apiCall } from './api-call';
import { expect, test } from './fixtures';

// The DORA keys view: two deployments of one system, the first rolled back and recovered 2 hours
// later, the second an emergency release 2 days after it. Frequency: 2 deployments over the 7-day
// minimum span = 2 a week (high); change failure rate 1 of 2 = 50 % (low); recovery 2 h (high).

test('the DORA keys view shows each key with its level, basis and the deployments behind it, reached by keyboard', async ({ page, host }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(host.url);
  const call = <T,>(method: string, data: unknown) => apiCall<T>(page, host.origin, method, data);
  const audit = await call<{ id: string }>('audits.create', { name: 'Cycle 1', description: '' });
  const first = await call<{ id: string }>('releases.create', {
    auditId: audit.id, identifier: 'PAY-1', system: 'payments', environments: ['production'],
    windowStart: '2026-11-01T08:00:00.000Z', windowEnd: '2026-11-01T10:00:00.000Z',
  });
  await call('warroom.add', { releaseId: first.id, kind: 'rollback-started', body: { mode: 'manual', reason: 'errors' }, at: '2026-11-01T11:00:00.000Z' });
  await call('warroom.add', { releaseId: first.id, kind: 'rollback-finished', body: { outcome: 'recovered', rtoTargetMinutes: 60 }, at: '2026-11-01T12:00:00.000Z' });
  await call('releases.create', {
    auditId: audit.id, identifier: 'PAY-2', system: 'payments', emergency: true,
    windowStart: '2026-11-03T08:00:00.000Z', windowEnd: '2026-11-03T10:00:00.000Z',
  });

  await page.keyboard.press('Alt+9');
  await page.getByRole('tab', { name: 'DORA keys' }).focus();
  await page.keyboard.press('Enter');
  const frequency = page.getByRole('region', { name: 'Deployment frequency' });
  await expect(frequency).toContainText('2.00 a week');
  await expect(frequency).toContainText('high level: Between once per day and once per week');
  await expect(frequency).toContainText('Rests on 2 deployments.');
  const failures = page.getByRole('region', { name: 'Change failure rate' });
  await expect(failures).toContainText('50.0 %');
  await expect(failures).toContainText('low');
  const recovery = page.getByRole('region', { name: 'Failed-deployment recovery time' });
  await expect(recovery).toContainText('2.0 h');
  await expect(page.getByRole('region', { name: 'Lead time for changes' })).toContainText('Left out: 2 deployments');

  const show = failures.getByRole('button', { name: 'Show the 2 deployments' });
  await show.focus();
  await page.keyboard.press('Enter');
  const table = failures.getByRole('table', { name: 'Deployments behind change failure rate' });
  await expect(table.getByRole('row', { name: /PAY-1/ })).toContainText('rolled back in the war room');
  await expect(table.getByRole('row', { name: /PAY-2/ })).toContainText('no');

  await page.getByLabel('Period', { exact: true }).selectOption('cycle');
  await expect(page.getByRole('table', { name: 'The four keys per period' }).getByRole('row', { name: /Cycle 1/ })).toContainText('50.0 %');
});
