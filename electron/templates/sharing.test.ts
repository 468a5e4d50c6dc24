import { describe, expect, it } from 'vitest';
import { createAudit, pinTemplate } from '../audits/service';
import { verifyAll } from '../system/verify';
import { listConflicts } from '../sync/service';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { createTemplate, exportVersion, importTemplate, listTemplates, publishTemplate, saveDraft } from './service';
import type { Core } from '../services';

// A template shared as a file (through version control, or by mail) and an audit that pins it,
// synced later: the colleague's laptop ends with one template and its versions as published, with
// no conflict for a change nobody made.

const item = { key: 'ORG-01', stage: 'deployment' as const, kind: 'custom' as const, controlId: null, title: 'Feature flags default to off', procedure: '', evidenceExpected: [] };

function publishedTemplate(core: Core) {
  const template = createTemplate(core, { name: 'Team checks', description: 'Ours', fromLibrary: false });
  saveDraft(core, { id: template.id, draft: { items: [item], deviations: [] } });
  return { template, version: publishTemplate(core, { id: template.id, reason: 'First cut' }) };
}

const versionsOf = (core: Core, templateId: string) => listTemplates(core).find((t) => t.id === templateId)?.versions.map((v) => `v${v.version} ${v.id}`);

describe('a template shared as a file, then synced', () => {
  it('is one template with its versions as published, and no conflict', async () => {
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    const { template, version } = publishedTemplate(alice);
    const file = exportVersion(alice, version.id, 'yaml');
    importTemplate(bob, { text: file.text, fileName: file.fileName, reason: 'From the repo' });
    const audit = createAudit(alice, { name: 'Pinned', description: '' });
    pinTemplate(alice, audit.id, version.id);
    await exchange(alice, bob, audit.id);
    expect(versionsOf(bob, template.id)).toEqual([`v1 ${version.id}`]);
    expect(listConflicts(bob)).toEqual([]);
    expect((await verifyAll(bob)).problems).toEqual([]);
    await exchange(bob, alice, audit.id);
    expect(listConflicts(alice)).toEqual([]);
    expect((await verifyAll(alice)).problems).toEqual([]);
  });

  it('keeps an edit made in the file as the next version beside the one it came from, the two drafts the only question', async () => {
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    const { template, version } = publishedTemplate(alice);
    const file = exportVersion(alice, version.id, 'json');
    const edited = importTemplate(bob, { text: file.text.replace('Feature flags default to off', 'Feature flags start off'), fileName: file.fileName, reason: 'Edited' });
    const audit = createAudit(alice, { name: 'Pinned', description: '' });
    pinTemplate(alice, audit.id, version.id);
    await exchange(alice, bob, audit.id);
    expect(versionsOf(bob, template.id)).toEqual([`v2 ${edited.id}`, `v1 ${version.id}`]);
    // The two drafts really differ (Bob's holds his edit, Alice's her original): that one field is
    // for a person to settle; nothing else about the template is in question.
    expect(listConflicts(bob).map((c) => [c.entity, c.field])).toEqual([['checklist_templates', 'draft']]);
    expect((await verifyAll(bob)).problems).toEqual([]);
  });
});
