import { openCore } from '../../electron/services';
import { seedCycles } from '../../electron/proposals/seed.fixture';
import { expect, test } from './fixtures';

// Template proposals: three audit cycles seeded with repeat findings and a control failing in every
// release; the proposal of a new item is accepted from the keyboard, and the Library opens its draft
// with the publish reason naming the findings behind it, ready to publish.

test('a template proposal accepted from the keyboard opens the draft with the change and its reason', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const core = openCore({ dataDir: host.dataDir, actor: 'e2e-auditor' });
  let seeded: ReturnType<typeof seedCycles>;
  try {
    seeded = seedCycles(core);
  } finally {
    core.close();
  }

  await page.keyboard.press('Alt+9');
  await page.getByRole('tab', { name: 'Template proposals' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Template proposals' })).toHaveAttribute('aria-selected', 'true');
  const list = page.getByRole('list', { name: 'Proposals' });
  await expect(list.locator(':scope > li')).toHaveCount(3);
  const proposal = list.getByRole('listitem', { name: /^New item: New item RA-RFC-03/ });
  await expect(proposal.getByRole('region', { name: 'Findings behind it' })).toContainText('Rollback untested (cycle 3)');
  await expect(proposal.getByRole('region', { name: 'Proposed change to the draft' })).toContainText('Added RA-RFC-03');

  const accept = proposal.getByRole('button', { name: 'Accept and open the draft' });
  await accept.focus();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Checklist templates' })).toHaveAttribute('aria-selected', 'true');
  const reason = page.getByLabel('Why publish this version');
  await expect(reason).toHaveValue(/Template proposal accepted: New item RA-RFC-03/);
  await expect(reason).toHaveValue(new RegExp(seeded!.findings['Rollback untested (cycle 1)']!.id));
  await expect(page.getByText('RA-RFC-03').first()).toBeVisible();
  const publish = page.getByRole('button', { name: 'Publish v2' });
  await publish.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Published "Lean release checklist" v2.')).toBeVisible();

  await page.keyboard.press('Alt+9');
  await expect(list.locator(':scope > li')).toHaveCount(2);
  await expect(page.getByRole('table', { name: 'Decided proposals' })).toContainText('accepted');
});
