import { expect, test } from './fixtures';
import { FieldworkPage } from './pages/FieldworkPage';

// A release's log anomalies: a Jenkins log with a burst of error lines, mined from the Log anomalies
// tab (the closing "Finished: FAILURE" counts as an error line too); the observation opens its lines
// and is raised as a finding.

function burstLog(): string {
  const start = Date.UTC(2026, 10, 30, 10);
  const at = (s: number) => `[${new Date(start + s * 1000).toISOString()}]`;
  const lines = [`${at(0)} Started by user Ada Auditor`];
  for (let i = 1; i <= 20; i += 1) lines.push(`${at(i)} Deploy step ${i} finished in ${i * 3} ms`);
  for (let i = 0; i < 12; i += 1) lines.push(`${at(21 + i)} ERROR Health check of node ${i} failed`);
  lines.push(`${at(40)} Finished: FAILURE`, '');
  return lines.join('\n');
}

test('the Log anomalies tab finds an error burst, opens its lines and raises it as a finding', async ({ page, host }) => {
  const { fieldwork, audit, release } = await FieldworkPage.open(page, host.url);
  const uploaded = await (await page.request.post(`${host.origin}/upload/import?name=deploy.log`, { data: Buffer.from(burstLog()) })).json();
  expect(uploaded.ok, JSON.stringify(uploaded.error)).toBe(true);
  const { jobId } = await fieldwork.call('imports.start', { uploadId: uploaded.value.uploadId, auditId: audit.id, releaseId: release.id });
  await expect.poll(async () => (await fieldwork.call('jobs.progress', { jobId })).state).toBe('done');

  await page.getByRole('tab', { name: 'Log anomalies' }).click();
  const panel = page.getByRole('region', { name: 'Log anomalies' });
  await expect(panel.getByText('No log observations yet.')).toBeVisible();
  await panel.getByRole('button', { name: 'Find anomalies' }).click();
  await expect(panel.getByRole('status')).toContainText('No earlier release of system "pay"');
  const burst = panel.getByRole('listitem', { name: 'Error burst: Error burst: 13 error lines in 19 s' });
  await burst.getByRole('button', { name: 'Open lines 22–34 of deploy.log (Error burst)' }).click();
  await expect(burst.getByLabel('Lines 22–34 of deploy.log', { exact: true })).toContainText('ERROR Health check of node 11 failed');
  await burst.getByLabel('Severity').selectOption('major');
  await burst.getByRole('button', { name: 'Raise finding' }).click();
  await expect(burst).toContainText('Raised as a finding by');
  const findings = await fieldwork.call('findings.list', { auditId: audit.id });
  expect(JSON.stringify(findings)).toContain('Error burst: 13 error lines in 19 s');
});
