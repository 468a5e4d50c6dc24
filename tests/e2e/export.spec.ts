import fs from 'node:fs';
import YAML from 'yaml';
import { schemaErrors } from '../../electron/oscal/official-schema.fixture';
import { apiCall } from './api-call';
import { expect, test } from './fixtures';

// The Export menu of Reports: pick OSCAL results or plan from the keyboard, watch the progress, and
// download a file NIST's schema accepts (read in place from the shared folder, never copied).

test('the Export menu writes OSCAL assessment results and plan for download', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const call = (method: string, data: unknown) => apiCall(page, host.origin, method, data);
  const audit = await apiCall<{ id: string }>(page, host.origin, 'audits.create', { name: 'Exported audit' });
  await call('audits.pinTemplate', { auditId: audit.id, templateVersionId: '0190a000-0000-7000-8000-000000000002' });
  await call('checklist.record', { auditId: audit.id, itemKey: 'RA-RFC-01', result: 'pass' });

  await page.keyboard.press('Alt+7');
  await page.getByRole('button', { name: 'Exported audit' }).click();
  const panel = page.getByRole('region', { name: 'Export' });
  const menuButton = panel.getByRole('button', { name: 'Export ▾' });
  await menuButton.click();
  await expect(panel.getByRole('menuitem', { name: 'OSCAL assessment results (JSON)' })).toBeFocused();
  // Escape closes the menu and gives the focus back.
  await page.keyboard.press('Escape');
  await expect(panel.getByRole('menu')).toHaveCount(0);
  await expect(menuButton).toBeFocused();

  await menuButton.click();
  await panel.getByRole('menuitem', { name: 'OSCAL assessment results (JSON)' }).click();
  const link = panel.getByRole('link', { name: 'Download exported-audit.assessment-results.json' });
  await expect(link).toBeFocused();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('exported-audit.assessment-results.json');
  const results = JSON.parse(fs.readFileSync((await download.path()) as string, 'utf8')) as unknown;
  expect(schemaErrors('assessment-results', results)).toEqual([]);

  await menuButton.click();
  await panel.getByRole('menuitem', { name: 'OSCAL assessment plan (YAML)' }).click();
  const planLink = panel.getByRole('link', { name: 'Download exported-audit.assessment-plan.yaml' });
  const [planDownload] = await Promise.all([page.waitForEvent('download'), planLink.click()]);
  const plan = YAML.parse(fs.readFileSync((await planDownload.path()) as string, 'utf8')) as unknown;
  expect(schemaErrors('assessment-plan', plan)).toEqual([]);

  // The route finds only what an export made: a made-up id is refused.
  const missing = await page.request.get(`${host.origin}/exports/0190a000-0000-7000-8000-00000000abcd/file`);
  expect(missing.status()).toBe(404);
});
