import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { FieldworkPage } from './pages/FieldworkPage';

// Findings drafted by the rule pack, in the real renderer against the real host: two failed Jenkins
// deployments imported on the release's Imports tab, the rules run, a draft's proving lines opened,
// one confirmed into a finding and one dismissed with a reason; then the pack edited in the Library,
// refused with its line, saved as v2, compared with v1 and pinned to the audit.

/** A Jenkins console log with the Timestamper plugin's UTC stamps (seconds after `start`), ending as `result`. */
function jenkinsLog(start: string, result: 'SUCCESS' | 'FAILURE'): string {
  const lines: Array<[number, string]> = [
    [0, 'Started by an SCM change'],
    [0, 'Running as SYSTEM'],
    [1, '[Pipeline] Start of Pipeline'],
    [2, 'Running on deploy-agent-eu-03 in /var/lib/jenkins/workspace/payments-deploy'],
    [2, '[Pipeline] { (Deploy)'],
    [9, '+ ./deploy.sh payments-api 4.12.1 prod-eu-west'],
    [300, 'ERROR: 2 of 6 pods did not become ready'],
    [301, '[Pipeline] // stage'],
    [302, '[Pipeline] End of Pipeline'],
    [303, `Finished: ${result}`],
  ];
  return lines.map(([seconds, text]) => `[${new Date(Date.parse(start) + seconds * 1000).toISOString()}] ${text}\n`).join('');
}

type Draft = { id: string; ruleId: string; state: string; findingId: string | null; dismissReason: string; title: string; condition: string; proof: Array<{ lines: [number, number] }> };

test('failed deployments draft findings that are confirmed or dismissed, and the rule pack is edited, compared and pinned', async ({ page, host }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-e2e-drafts-'));
  try {
    const first = path.join(dir, 'payments-deploy-57.log');
    const second = path.join(dir, 'payments-deploy-58.log');
    fs.writeFileSync(first, jenkinsLog('2026-11-30T23:35:02.114Z', 'FAILURE'));
    fs.writeFileSync(second, jenkinsLog('2026-11-30T23:50:00.000Z', 'FAILURE'));
    const { fieldwork, audit, release } = await FieldworkPage.open(page, host.url, {
      audit: 'Drafts audit',
      release: { windowStart: '2026-11-30T23:30:00.000Z', windowEnd: '2026-12-01T01:00:00.000Z' },
    });

    // Before any import: the drafts say what to do.
    await page.getByRole('tab', { name: 'Imports' }).click();
    const drafts = page.getByRole('region', { name: /^Drafted by rules/ });
    await expect(drafts).toContainText('No drafts: import pipeline logs or change records, then Run rules.');

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose files…' }).click();
    await (await chooser).setFiles([first, second]);
    await page.getByRole('button', { name: 'Confirm: import 2 files' }).click();
    await expect(page.getByTestId('queue-item').getByRole('status')).toHaveText([/Imported as Jenkins console log/, /Imported as Jenkins console log/]);

    // Each import ran the rules already: running them again says so, and each failed run is a draft.
    await drafts.getByRole('button', { name: 'Run rules' }).click();
    await expect(drafts.getByRole('status').first()).toContainText('drafted before');
    const listed = (await fieldwork.call('rules.drafts', { auditId: audit.id, releaseId: release.id })) as Draft[];
    const failed = listed.filter((d) => d.ruleId === 'RUN-FAILED');
    expect(failed).toHaveLength(2);
    await expect(drafts.getByRole('status').first()).toContainText(`Release Audit — default rules v1 read`);
    await expect(drafts.getByRole('status').first()).toContainText(`0 new drafts, ${listed.length} drafted before`);
    const items = drafts.getByTestId('draft');
    await expect(items).toHaveCount(listed.length);
    const [one, other] = failed as [Draft, Draft];
    const draftOne = items.filter({ hasText: one.condition });
    await expect(draftOne).toContainText('Release Audit — default rules v1');
    await expect(draftOne).toContainText('control RA-DEP-08');
    await expect(draftOne).toContainText('major');
    await expect(draftOne).toContainText('Criteria');
    await expect(draftOne).toContainText('ended as failure');

    // Its proving lines, opened from the keyboard; Escape gives the focus back.
    const [from, to] = one.proof[0]!.lines;
    const show = draftOne.getByRole('button', { name: /^Show payments-deploy-5\d\.log, lines/ });
    await show.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading')).toContainText(`lines ${from}–${to}`);
    await expect(dialog.locator('.excerpt-line.proves')).toHaveCount(to - from + 1);
    await expect(dialog).toContainText('Finished: FAILURE');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(show).toBeFocused();

    // Dismiss the other: a reason is required, and kept.
    const draftOther = items.filter({ hasText: other.condition });
    await draftOther.getByRole('button', { name: 'Dismiss RUN-FAILED' }).click();
    const dismiss = page.getByRole('dialog', { name: 'Dismiss RUN-FAILED' });
    await dismiss.getByRole('button', { name: 'Dismiss draft' }).click();
    await expect(dismiss).toContainText('Say why this draft is dismissed');
    await dismiss.getByLabel('Why is this not a finding?').fill('Re-run 58 was the planned smoke failure; rolled back in the war room.');
    await dismiss.getByRole('button', { name: 'Dismiss draft' }).click();
    await expect(dismiss).toBeHidden();
    await expect(items).toHaveCount(listed.length - 1);
    const afterDismiss = (await fieldwork.call('rules.drafts', { auditId: audit.id })) as Draft[];
    expect(afterDismiss.find((d) => d.id === other.id)).toMatchObject({ state: 'dismissed', dismissReason: 'Re-run 58 was the planned smoke failure; rolled back in the war room.' });

    await page.setViewportSize({ width: 1024, height: 700 });
    expect(await fieldwork.noHorizontalScroll()).toBe(true);

    // The Findings screen says what waits; confirm the last draft there: it becomes a finding, shown.
    await page.keyboard.press('Alt+6');
    const banner = page.getByRole('region', { name: 'Drafted by rules' });
    await expect(banner).toContainText(`${listed.length - 1} finding${listed.length - 1 === 1 ? '' : 's'} drafted by rules`);
    await banner.getByRole('button', { name: 'Review drafts' }).click();
    await banner.getByTestId('draft').filter({ hasText: one.condition }).getByRole('button', { name: 'Confirm RUN-FAILED as a finding' }).click();
    await expect(banner.getByText(/^Confirmed as a finding/)).toBeVisible();
    const confirmed = ((await fieldwork.call('rules.drafts', { auditId: audit.id })) as Draft[]).find((d) => d.id === one.id)!;
    expect(confirmed.state).toBe('confirmed');
    const finding = await fieldwork.call('findings.get', { id: confirmed.findingId });
    expect(finding).toMatchObject({ title: one.title, severity: 'major', controlId: 'RA-DEP-08' });
    await banner.getByRole('button', { name: 'Open the finding' }).first().click();
    await expect(page.getByRole('complementary', { name: 'Findings list' })).toContainText(one.title);
    await expect(page.getByLabel('Condition (what is)')).toHaveValue(/Proved by payments-deploy-5\d\.log/);
    expect(await fieldwork.noHorizontalScroll()).toBe(true);

    // The rule pack editor: a YAML mistake is refused with its line, a valid edit is v2.
    await page.keyboard.press('Alt+3');
    await page.getByRole('tab', { name: 'Rule packs' }).click();
    await page.getByRole('button', { name: 'Edit as a new version' }).click();
    const editor = page.getByLabel('Rule pack YAML');
    const text = await editor.inputValue();
    const lines = text.split('\n');
    const severityLine = lines.findIndex((l, i) => l.includes('severity: major') && lines.slice(0, i).some((p) => p.includes('id: RUN-FAILED'))) + 1;
    await editor.fill(lines.map((l, i) => (i === severityLine - 1 ? l.replace('major', 'urgent') : l)).join('\n'));
    await page.getByRole('button', { name: 'Save new version' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Nothing was saved' });
    await expect(refusal).toContainText(`Line ${severityLine}`);
    await expect(refusal).toContainText('must be one of critical, major, minor, informational');
    await refusal.getByRole('button', { name: `Go to line ${severityLine}` }).click();
    await expect(editor).toBeFocused();
    await editor.fill(lines.map((l, i) => (i === severityLine - 1 ? l.replace('major', 'minor') : l)).join('\n'));
    await page.getByLabel('Why this version').fill('Failed runs are minor for payments');
    await page.getByRole('button', { name: 'Save new version' }).click();
    const versions = page.getByRole('region', { name: 'Rule pack versions' });
    await expect(versions.getByRole('row')).toHaveCount(3);
    await expect(versions).toContainText('Failed runs are minor for payments');
    await versions.getByRole('button', { name: 'Show changes' }).click();
    const diff = page.getByRole('region', { name: 'Changes from v1 to v2' });
    await expect(diff).toContainText('RUN-FAILED');
    await expect(page.getByRole('region', { name: 'YAML of v2' })).toBeVisible();

    // Pin v2 to the audit open.
    await page.getByLabel('Version to pin').selectOption({ label: 'v2' });
    await page.getByRole('button', { name: 'Pin to the current audit' }).click();
    await expect(page.getByRole('status', { name: 'Pinned version' })).toHaveText('The current audit runs Release Audit — default rules v2.');
    expect(await fieldwork.call('rules.pinned', { auditId: audit.id })).toMatchObject({ version: 2, pinned: true });
    expect(await fieldwork.noHorizontalScroll()).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
