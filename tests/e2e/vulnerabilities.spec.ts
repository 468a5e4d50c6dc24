import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { expect, test } from './fixtures';
import { FieldworkPage } from './pages/FieldworkPage';

// The Vulnerabilities tab in the real renderer against the real host: no database at first, then an
// OSV all.zip imported with its button (record count and hash shown), the release's components
// matched against it, the rows filtered by severity and VEX state, and the findings drafted.

const records = [
  {
    id: 'GHSA-xvch-5gv4-984h', modified: '2024-02-01T00:00:00Z', aliases: ['CVE-2021-44906'], summary: 'Prototype Pollution in minimist',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [{ package: { ecosystem: 'npm', name: 'minimist' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.2.4' }, { introduced: '1.0.0' }, { fixed: '1.2.6' }] }] }],
  },
  {
    id: 'GHSA-c2qf-rxjj-qqgw', modified: '2024-01-10T00:00:00Z', aliases: ['CVE-2022-25883'], summary: 'semver ReDoS',
    affected: [{ package: { ecosystem: 'npm', name: 'semver' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '7.0.0' }, { fixed: '7.5.2' }] }] }],
    database_specific: { severity: 'MODERATE' },
  },
];

function writeAllZip(file: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const r of records) zip.addBuffer(Buffer.from(JSON.stringify(r)), `${r.id}.json`);
  zip.addBuffer(Buffer.from('{"id": "cut'), 'GHSA-broken.json');
  zip.end();
  return new Promise((resolve) => zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve()));
}

test('an OSV database is imported, the release matched against it, and its vulnerabilities filtered', async ({ page, host }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-e2e-osv-'));
  try {
    const zip = path.join(dir, 'all.zip');
    await writeAllZip(zip);
    const { fieldwork, audit, release } = await FieldworkPage.open(page, host.url, { audit: 'Vulnerabilities audit' });
    await fieldwork.call('releases.saveComponents', {
      releaseId: release.id,
      components: [
        { name: 'minimist', version: '1.2.5', notes: 'pkg:npm/minimist@1.2.5' },
        { name: 'semver', version: '7.3.8', notes: 'pkg:npm/semver@7.3.8' },
        { name: 'express', version: '4.19.2', notes: 'pkg:npm/express@4.19.2' },
      ],
    });
    await page.getByRole('tab', { name: 'Vulnerabilities' }).click();
    await expect(page.getByTestId('osv-status')).toContainText('This computer has no OSV database yet');
    await expect(page.getByRole('region', { name: 'No known vulnerabilities' })).toBeVisible();

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import an OSV database…' }).click();
    await (await chooser).setFiles(zip);
    const status = page.getByTestId('osv-status');
    await expect(status).toContainText('Records2');
    await expect(status).toContainText('1 record could not be read');
    await expect(status).toContainText('all.zip:GHSA-broken.json: it is not JSON');
    const sha = fs.readFileSync(zip);
    const { createHash } = await import('node:crypto');
    await expect(status).toContainText(createHash('sha256').update(sha).digest('hex'));

    await page.getByRole('button', { name: 'Match components against the database' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Matched 3 components: 2 known vulnerabilities' })).toBeVisible();
    const list = page.getByTestId('vulnerability-list');
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(list.getByRole('listitem').first()).toContainText('GHSA-xvch-5gv4-984h');
    await expect(list.getByRole('listitem').first()).toContainText('critical 9.8');
    await expect(list.getByRole('listitem').first()).toContainText('pkg:npm/minimist@1.2.5');
    await expect(page.getByTestId('vulnerability-counts')).toContainText('critical: 1 · medium: 1');

    await page.getByLabel('Severity').selectOption('medium');
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list.getByRole('listitem').first()).toContainText('GHSA-c2qf-rxjj-qqgw');
    await page.getByLabel('Severity').selectOption('');
    await page.getByLabel('VEX state').selectOption('not_affected');
    await expect(page.getByRole('region', { name: 'No known vulnerabilities' })).toContainText('None matches this filter.');

    const drafts = (await fieldwork.call('rules.drafts', { auditId: audit.id, releaseId: release.id })) as Array<{ ruleId: string; title: string }>;
    expect(drafts.filter((d) => d.ruleId === 'VULN-UNDECIDED').map((d) => d.title)).toEqual(['critical vulnerability GHSA-xvch-5gv4-984h in minimist 1.2.5 has no VEX decision']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
