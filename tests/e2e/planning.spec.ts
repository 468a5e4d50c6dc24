import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { AuditsPage } from './pages/AuditsPage';
import { LibraryPage } from './pages/LibraryPage';
import { PlanPage } from './pages/PlanPage';
import { expect, test } from './fixtures';

async function newAuditPlan(page: Page, url: string, name: string) {
  const audits = new AuditsPage(page);
  await audits.open(url);
  await audits.createAudit(name);
  await page.getByRole('button', { name: `Open the plan of ${name}` }).click();
  const plan = new PlanPage(page);
  await expect(plan.heading(name)).toBeVisible();
  return plan;
}

test('plan an audit from scratch, pin a template, and find it all after a reload', async ({ page, host }) => {
  const plan = await newAuditPlan(page, host.url, 'Q4 payments releases');
  await plan.objective.fill('Confirm Q4 payments releases followed change control.');
  await page.getByLabel('Only high-risk, production-critical deployments').check();
  await page.getByLabel('Risk criteria (what makes a deployment high-risk)').fill('Customer-facing payment flows; outage over 5 minutes.');
  await plan.addTag('Environments in scope', 'production');
  await plan.addTag('Environments out of scope', 'development');
  await page.getByLabel('Pre-production (staging) deployments are included').check();
  await plan.addTag('Third-party integrations', 'Stripe');
  await plan.addTag('Offshore or vendor deployment teams', 'Vendor ops (Pune)');
  await page.getByLabel('Unannounced').check();
  await page.getByLabel('Fieldwork starts').fill('2026-12-01');
  await page.getByLabel('Fieldwork ends').fill('2026-12-19');
  await page.getByLabel('SOX').check();
  await page.getByLabel('PCI DSS').check();
  await page.getByLabel('What PCI DSS v4.0.1 adds to the criteria').fill('Requirement 6.5.1 change control for the CDE.');
  await page.getByRole('button', { name: '+ Rollback readiness' }).click();
  await page.getByRole('button', { name: '+ Change-ticket linkage' }).click();
  await page.getByRole('button', { name: '+ Release Manager' }).click();
  await page.getByLabel('Owner person 1').fill('A. Rivera');
  await page.getByRole('button', { name: '+ CMDB' }).click();
  await page.getByLabel('CMDB requested on').fill('2026-11-20');
  await page.getByLabel('CMDB requested from').fill('IT Ops');
  await page.getByLabel('CMDB granted on').fill('2026-11-24');
  await page.getByLabel('CMDB granted by').fill('J. Chen');
  await plan.templateVersion.selectOption({ label: 'Release audit — standard v1 — 70 items' });
  await plan.pinButton.click();
  await expect(plan.pinnedTemplate).toContainText('Release audit — standard v1');
  await plan.waitSaved();

  await page.reload();
  await expect(plan.heading('Q4 payments releases')).toBeVisible();
  await expect(plan.objective).toHaveValue('Confirm Q4 payments releases followed change control.');
  await expect(page.getByLabel('Only high-risk, production-critical deployments')).toBeChecked();
  await expect(page.getByRole('list', { name: 'Environments in scope' })).toContainText('production');
  await expect(page.getByRole('list', { name: 'Offshore or vendor deployment teams' })).toContainText('Vendor ops (Pune)');
  await expect(page.getByLabel('Pre-production (staging) deployments are included')).toBeChecked();
  await expect(page.getByLabel('Unannounced')).toBeChecked();
  await expect(page.getByLabel('Fieldwork ends')).toHaveValue('2026-12-19');
  await expect(page.getByLabel('What PCI DSS v4.0.1 adds to the criteria')).toHaveValue('Requirement 6.5.1 change control for the CDE.');
  await expect(page.getByLabel('Success criterion 2', { exact: true })).toHaveValue(/links to an approved change ticket/);
  await expect(page.getByLabel('Owner person 1')).toHaveValue('A. Rivera');
  await expect(page.getByLabel('CMDB granted by')).toHaveValue('J. Chen');
  await expect(plan.pinnedTemplate).toContainText('v1');

  await page.keyboard.press('Alt+1');
  await expect(new AuditsPage(page).row('Q4 payments releases')).toContainText('Release audit — standard v1');
});

test('a new template version leaves the audit on its pinned version, with the diff one click away', async ({ page, host }) => {
  const plan = await newAuditPlan(page, host.url, 'Pinned audit');
  await plan.templateVersion.selectOption({ label: 'Release audit — standard v1 — 70 items' });
  await plan.pinButton.click();
  await expect(plan.pinnedTemplate).toContainText('v1');

  const library = new LibraryPage(page);
  await library.open('Checklist templates');
  await page.getByRole('button', { name: 'Remove RA-RFC-03' }).click();
  await page.getByLabel('New Deployment execution and monitoring item', { exact: true }).fill('Feature flags default to off in production');
  await page.getByLabel('New Deployment execution and monitoring item', { exact: true }).press('Enter');
  const firstBuildItem = page.getByRole('group', { name: 'Build verification and artifact signing items' }).getByRole('listitem').first();
  await firstBuildItem.focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(library.saveState).toHaveText(/^Saved/);
  await library.publishReason.fill('Drop duplicate RFC check; add feature flags');
  await library.publishButton(2).click();
  await expect(page.getByRole('region', { name: 'Published versions' })).toContainText('Drop duplicate RFC check; add feature flags');

  await page.keyboard.press('Alt+2');
  await expect(plan.pinnedTemplate).toContainText('v1');
  await expect(page.getByText('v2 of Release audit — standard has been published since')).toBeVisible();
  await page.getByRole('button', { name: 'Show what changed' }).click();
  const diff = page.getByRole('region', { name: 'Changes from v1 to v2' });
  await expect(diff).toContainText('Removed RA-RFC-03');
  await expect(diff).toContainText('Added ORG-');
  await expect(diff).toContainText('Feature flags default to off in production');
  await expect(diff).toContainText('Moved RA-BLD-0');
});

test('a threshold breaches as the audit data grows, and the breach shows on the plan and the audit list', async ({ page, host }) => {
  const plan = await newAuditPlan(page, host.url, 'Escalation audit');
  await plan.templateVersion.selectOption({ label: 'Release audit — standard v1 — 70 items' });
  await plan.pinButton.click();
  await page.getByRole('button', { name: '+ Add threshold' }).click();
  await page.getByLabel('Threshold 1 metric').selectOption({ label: 'Failed rollback tests' });
  await page.getByLabel('Threshold 1 value').fill('1');
  await page.getByLabel('Threshold 1 note').fill('Any failed rollback test goes to the CAB chair');
  await plan.waitSaved();
  await expect(page.getByTestId('threshold')).toContainText('0 now');
  await expect(plan.breachBanner).toHaveCount(0);

  // Fieldwork records a failed rollback test (through the same API the checklist screen will use).
  const audits = await (await page.request.post(`${host.origin}/api/audits.list`, { data: {} })).json();
  const auditId = audits.value.find((a: { name: string }) => a.name === 'Escalation audit').id;
  const recorded = await page.request.post(`${host.origin}/api/checklist.record`, { data: { auditId, itemKey: 'RA-RBK-01', result: 'fail', note: 'Backout not rehearsed' } });
  expect(recorded.ok()).toBe(true);

  await expect(plan.breachBanner).toContainText('Failed rollback tests: 1 (escalate at 1 or more) — threshold breached');
  await expect(plan.breachBanner).toContainText('Any failed rollback test goes to the CAB chair');
  await expect(page.getByTestId('threshold')).toContainText('Breached: 1 now');
  await page.keyboard.press('Alt+1');
  await expect(new AuditsPage(page).row('Escalation audit')).toContainText('1 threshold breached');
});

test('templates export to YAML and import back; a broken file is refused with its line', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await new AuditsPage(page).open(host.url);
  await library.open('Checklist templates');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export v1 as YAML' }).click()]);
  expect(download.suggestedFilename()).toBe('release-audit-standard-v1.yaml');
  const text = fs.readFileSync(await download.path(), 'utf8');
  expect(text).toContain('schema: release-audit/checklist-template@1');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ra-template-'));
  const broken = path.join(dir, 'broken.yaml');
  fs.writeFileSync(broken, text.replace('stage: rfc-approval', 'stage: launch-day'));
  await page.getByLabel('Import a template file').setInputFiles(broken);
  await expect(page.getByRole('status').filter({ hasText: 'broken.yaml: line' })).toContainText('field "items.0.stage": must be one of');

  const edited = path.join(dir, 'ours.yaml');
  fs.writeFileSync(edited, text.replace('name: Release audit — standard', 'name: Release audit — ours'));
  await page.getByLabel('Import a template file').setInputFiles(edited);
  await expect(page.getByRole('status').filter({ hasText: 'Imported "Release audit — ours" as v2.' })).toBeVisible();
  await expect(library.template('Release audit — ours')).toContainText('v2');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the framework view shows which requirements the template covers, and the gaps', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await new AuditsPage(page).open(host.url);
  await library.open('Framework view');
  await page.getByLabel('Framework', { exact: true }).selectOption({ label: 'ISO/IEC 20000-1' });
  const table = page.getByRole('table', { name: /coverage/ });
  const release = table.getByRole('row').filter({ hasText: 'Release and deployment management' });
  await expect(release).toContainText('Covered');
  await expect(release).toContainText('RA-');
  await expect(page.getByRole('status').filter({ hasText: 'release-relevant requirements covered' })).toBeVisible();
  await library.open('Controls');
  await page.getByLabel('Filter controls').fill('BAI07');
  await expect(page.getByText(/of 70 controls/)).toBeVisible();
});

test('one refused field is named and never holds back the others', async ({ page, host }) => {
  const plan = await newAuditPlan(page, host.url, 'Autosave audit');
  await page.getByLabel('Fieldwork starts').fill('2026-12-10');
  await plan.waitSaved();
  await page.getByLabel('Fieldwork ends').fill('2026-12-01');
  await plan.objective.fill('Still saved despite the bad date.');
  await expect(plan.saveState).toHaveText('Not saved — Fieldwork ends: the schedule ends before it starts');
  await page.reload();
  await expect(plan.objective).toHaveValue('Still saved despite the bad date.');
  await expect(page.getByLabel('Fieldwork ends')).toHaveValue('');
  await page.getByLabel('Fieldwork ends').fill('2026-12-19');
  await plan.waitSaved();
});

test('on a long screen scrolled to its end the audit and its status stay named above the sticky plan header', async ({ page, host }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const plan = await newAuditPlan(page, host.url, 'Scroll-proof context bar');
  const bar = page.getByTestId('context-bar');
  await expect(bar).toContainText('Scroll-proof context bar');
  await page.locator('#main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
  await expect.poll(() => page.locator('#main').evaluate((main) => main.scrollTop)).toBeGreaterThan(200);
  await expect(bar).toBeInViewport({ ratio: 1 });
  await expect(bar).toContainText('Planning');
  const barBox = await bar.boundingBox();
  const headerBox = await plan.heading('Scroll-proof context bar').locator('xpath=ancestor::header[1]').boundingBox();
  expect(barBox && headerBox && headerBox.y >= barBox.y + barBox.height - 1).toBe(true);
  await page.screenshot({ path: 'test-results/field-ready/context-bar-scrolled-1024x700.png' });
});
