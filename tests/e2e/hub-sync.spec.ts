import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openHub, type Hub } from '../../electron/hub/hub';
import { addAuditor } from '../../electron/hub/members';
import { startHubServer, type RunningHub } from '../../electron/hub/server';
import { selfSignedTls } from '../../electron/hub/tls';
import { createDatabase, dropDatabases, postgresForRun } from '../helpers/pg-database';
import { apiCall } from './api-call';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { SyncPage } from './pages/SyncPage';

// The Team hub panel in Chromium against a real hub started in this process (PostgreSQL, HTTPS with a
// certificate it made): look up, compare, connect, a refusal while the hub does not know the key,
// a sync with its per-audit outcome and members, then the hub stopped: offline, in plain words.

/** With HUB_SCREENSHOTS=DIR, the Sync screen at 1024×700 in both themes, for a person to look at. */
async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.HUB_SCREENSHOTS;
  if (!dir) return;
  await page.setViewportSize({ width: 1024, height: 700 });
  for (const theme of ['light', 'dark'] as const) {
    await page.getByLabel('Colour theme').selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.getByRole('region', { name: 'Team hub' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(dir, `hub-${name}-${theme}.png`) });
  }
  await page.getByLabel('Colour theme').selectOption('system');
}

const pairs = (fingerprint: string) => (fingerprint.toUpperCase().match(/.{2}/g) ?? []).join(':');

test('connects to a team hub after comparing its fingerprints, syncs with progress, and says so calmly when the hub is away', async ({ page, host }) => {
  test.setTimeout(180_000);
  const adminUrl = await postgresForRun();
  const database = await createDatabase(adminUrl, 'hub_e2e');
  const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-e2e-hub-'));
  let hub: Hub | undefined;
  let server: RunningHub | undefined;
  try {
    hub = await openHub({ hubDir, databaseUrl: database.url, name: 'Department hub' });
    server = await startHubServer(hub, { tls: selfSignedTls(path.join(hubDir, 'tls')) });

    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
    const audit = await apiCall<{ id: string }>(page, host.origin, 'audits.create', { name: 'Payments Q3' });
    const sync = new SyncPage(page);
    await sync.open();
    const panel = page.getByRole('region', { name: 'Team hub' });
    await expect(panel).toContainText('Not connected.');

    await panel.getByLabel('Hub address').fill('http://not-https.example');
    await panel.getByRole('button', { name: 'Look up' }).click();
    await expect(panel.getByRole('alert')).toContainText('https://');

    await panel.getByLabel('Hub address').fill(server.url);
    await panel.getByRole('button', { name: 'Look up' }).click();
    const found = panel.getByRole('region', { name: 'The hub found' });
    await expect(found).toContainText('Department hub');
    await expect(found).toContainText('Compare both fingerprints with the ones the hub’s administrator reads out');
    await expect(found.getByLabel("The hub's signing key fingerprint")).toHaveText(pairs(hub.info.fingerprint));
    await expect(found.getByLabel("The hub's TLS certificate fingerprint")).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    await shoot(page, 'found');
    await found.getByRole('button', { name: 'Both match: connect' }).click();

    const syncNow = panel.getByRole('button', { name: /Sync now/ });
    await expect(syncNow).toBeVisible();
    await expect(syncNow).toHaveAttribute('aria-keyshortcuts', 'S');
    await expect(panel.getByRole('group', { name: 'Last sync' })).toContainText('Not synced yet.');

    // The hub does not know this laptop's key yet: refused, in words.
    await page.locator('body').press('s');
    await expect(panel.getByRole('alert')).toContainText('The sync did not finish: The hub refused');

    const status = await apiCall<{ identity: { fingerprint: string } | null }>(page, host.origin, 'sync.status', {});
    if (!status.identity) throw new Error('no key was made for the hub sync');
    await addAuditor(hub, { fingerprint: status.identity.fingerprint, name: 'e2e-auditor', mayOpenAudits: true, by: 'administrator' });

    await syncNow.click();
    const perAudit = panel.getByRole('table', { name: 'Per audit' });
    await expect(perAudit).toContainText('Payments Q3');
    await expect(perAudit).toContainText('lead');
    await expect(perAudit).toContainText(/\d+ new entr/);
    const members = panel.getByRole('table', { name: 'Members' });
    await expect(members).toContainText('e2e-auditor');
    await expect(members).toContainText('lead');
    expect(hub.core.sqlite.prepare('SELECT count(*) FROM audits WHERE id = ?').pluck().get(audit.id)).toBe(1);
    await shoot(page, 'synced');

    // The hub goes away: the next sync says so without alarm, and the last good sync is still shown.
    await server.close();
    server = undefined;
    await syncNow.click();
    await expect(panel.getByRole('status').filter({ hasText: 'cannot be reached' })).toContainText('Work goes on here');
    await expect(panel.getByRole('group', { name: 'Last sync' })).toContainText('Offline at');
    await expect(panel.getByRole('group', { name: 'Last sync' })).toContainText('Last synced');

    await panel.getByRole('button', { name: 'Disconnect…' }).click();
    await panel.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(panel).toContainText('Not connected.');
  } finally {
    await server?.close();
    await hub?.close();
    await dropDatabases(adminUrl, [database.name]).catch(() => {});
    fs.rmSync(hubDir, { recursive: true, force: true });
  }
});
