import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createAudit } from '../../electron/audits/service';
import { probeHub, syncWithHub, type HubEndpoint } from '../../electron/hub/client';
import { departmentRoutes } from '../../electron/hub/department';
import { addViewer, revokeViewer } from '../../electron/hub/department-viewers';
import { openHub, type Hub } from '../../electron/hub/hub';
import { addAuditor } from '../../electron/hub/members';
import { startHubServer, type RunningHub } from '../../electron/hub/server';
import { selfSignedTls } from '../../electron/hub/tls';
import { createSelfSignedIdentity, loadIdentity } from '../../electron/identity/identity';
import { finding } from '../../electron/kpis/cycles.fixture';
import { openCore, type Core } from '../../electron/services';
import { ensureDefaultTemplate } from '../../electron/templates/service';
import { createDatabase, dropDatabases, postgresForRun } from '../helpers/pg-database';

// The department's read-only view in Chromium, served by a real hub on PostgreSQL: empty until a
// laptop syncs, then the audits of two laptops, their open findings by owner and due date, and the
// KPI table and charts of every audit; a revoked link opens nothing. DEPARTMENT_SCREENSHOTS=DIR
// saves the three views in both themes at 1024×700 for a person to look at.

test.describe.configure({ mode: 'serial' });
test.use({ ignoreHTTPSErrors: true, viewport: { width: 1024, height: 700 } });

const folders: string[] = [];
const cores: Core[] = [];
let adminUrl = '';
let database = '';
let hub: Hub;
let server: RunningHub;
let endpoint: HubEndpoint;

const folder = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(dir);
  return dir;
};

async function laptop(actor: string): Promise<Core> {
  const dataDir = folder(`release-audit-e2e-${actor}-`);
  createSelfSignedIdentity(dataDir, actor, 'Auditor', actor);
  const core = openCore({ dataDir, actor });
  cores.push(core);
  ensureDefaultTemplate(core);
  const identity = loadIdentity(core.layout.root, actor);
  if (!identity) throw new Error(`${actor} has no key`);
  await addAuditor(hub, { fingerprint: identity.fingerprint, name: actor, mayOpenAudits: true, by: 'e2e administrator' });
  return core;
}

async function shoot(page: Page, name: string) {
  const dir = process.env.DEPARTMENT_SCREENSHOTS;
  if (!dir) return;
  for (const theme of ['light', 'dark']) {
    await page.getByLabel('Colour theme').selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.screenshot({ path: path.join(dir, `department-${name}-${theme}.png`), fullPage: true });
  }
  await page.getByLabel('Colour theme').selectOption('system');
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  adminUrl = await postgresForRun();
  const made = await createDatabase(adminUrl, 'hub_e2e');
  database = made.name;
  const hubDir = folder('release-audit-e2e-hub-');
  hub = await openHub({ hubDir, databaseUrl: made.url, name: 'Department hub' });
  server = await startHubServer(hub, { tls: selfSignedTls(path.join(hubDir, 'tls')), extraRoutes: departmentRoutes(hub, process.cwd()) });
  const probe = await probeHub(server.url);
  endpoint = { url: server.url, tlsCertificate: probe.tlsCertificate, fingerprint: probe.info.fingerprint };
});

test.afterAll(async () => {
  await server?.close();
  await hub?.close();
  for (const core of cores) core.close();
  await dropDatabases(adminUrl, database ? [database] : []);
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

test('the department view shows the audits of two laptops, their open findings by owner and due date, and the KPIs', async ({ page }) => {
  test.setTimeout(180_000);
  const { token } = await addViewer(hub, { name: 'Change advisory board', by: 'e2e administrator' });
  await page.goto(`${server.url}/department/#token=${token}`);
  await expect(page.getByRole('heading', { name: 'No audit has reached the hub yet' })).toBeVisible();
  // The token left the address bar once traded for the session cookie.
  expect(page.url()).toBe(`${server.url}/department/`);
  const cookies = await page.context().cookies();
  expect(cookies).toEqual([expect.objectContaining({ name: 'ra_department', httpOnly: true, secure: true, sameSite: 'Strict' })]);
  await shoot(page, 'empty');

  const alice = await laptop('Alice');
  const bob = await laptop('Bob');
  const payments = createAudit(alice, { name: 'Payments release Q3', description: '' });
  const ledger = createAudit(bob, { name: 'Ledger release Q3', description: '' });
  await finding(alice, payments.id, { title: 'CAB approval skipped', severity: 'major', controlId: 'RA-RFC-01', cause: 'Urgent change', ownerName: 'Release team' });
  await finding(bob, ledger.id, { title: 'Backout plan untested', severity: 'critical', controlId: 'RA-RFC-01', cause: 'No rehearsal', ownerName: 'Ops' });
  await finding(bob, ledger.id, { title: 'Runbook not signed', severity: 'minor', controlId: 'RA-RFC-01', cause: 'No sign-off', ownerName: 'Ops' });
  await syncWithHub(alice, endpoint);
  await syncWithHub(bob, endpoint);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Department hub: department view' })).toBeVisible();
  const audits = page.getByRole('table', { name: 'Audits on the hub' });
  await expect(audits.getByRole('rowheader', { name: 'Payments release Q3' })).toBeVisible();
  await expect(audits.getByRole('rowheader', { name: 'Ledger release Q3' })).toBeVisible();
  await expect(audits.locator(`tr[data-audit="${ledger.id}"]`)).toContainText('Planning');
  await shoot(page, 'audits');

  // Keyboard: the tabs move with the arrow keys.
  await page.getByRole('tab', { name: 'Audits' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Open findings' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Open findings' })).toHaveAttribute('aria-selected', 'true');
  const owners = page.getByRole('table', { name: 'Open findings by owner' });
  await expect(owners.getByRole('row', { name: /Ops/ })).toContainText('2');
  const list = page.getByRole('list', { name: 'Open findings' });
  // By due date: the critical finding is due first (7 days), then the major (30), then the minor (90).
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(list.getByRole('listitem').nth(0)).toContainText('Backout plan untested');
  await expect(list.getByRole('listitem').nth(1)).toContainText('CAB approval skipped');
  await page.getByLabel('Sort by').selectOption('owner');
  await expect(list.getByRole('listitem').nth(0)).toContainText('Ops');
  await expect(list.getByRole('listitem').nth(2)).toContainText('Release team');
  await owners.getByRole('button', { name: 'Release team' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(page.getByText('1 of 1 open findings shown, 0 overdue.')).toBeVisible();
  await shoot(page, 'findings');

  await page.getByRole('tab', { name: 'KPIs and trends' }).click();
  const kpis = page.getByRole('table', { name: 'KPIs' });
  await expect(kpis).toBeVisible();
  await expect(page.getByText('Figures of 2 audits, every period together.')).toBeVisible();
  const chart = page.locator('figure.trend-chart[data-chart-id^="kpi."]').first();
  await expect(chart.locator('svg').first()).toBeVisible();
  await expect(chart.locator('figcaption p')).not.toBeEmpty();
  await shoot(page, 'kpis');
});

test('a revoked link opens nothing: the page says so plainly', async ({ page }) => {
  const { token } = await addViewer(hub, { name: 'Former contractor', by: 'e2e administrator' });
  await revokeViewer(hub, 'Former contractor');
  await page.goto(`${server.url}/department/#token=${token}`);
  await expect(page.getByRole('alert')).toContainText('This department link is not valid');
  await expect(page.getByRole('table')).toHaveCount(0);
});
