import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import { TemplateContent, type TemplateItem } from '../../shared/api/templates';
import { createAudit, getAudit, pinTemplate } from '../audits/service';
import { testCore } from '../../tests/helpers/temp';
import { verifyAll } from '../system/verify';
import { DEFAULT_TEMPLATE_ID, DEFAULT_TEMPLATE_NAME } from './default-template';
import {
  createTemplate,
  diffVersions,
  ensureDefaultTemplate,
  exportVersion,
  getTemplate,
  getVersion,
  importTemplate,
  listTemplates,
  publishTemplate,
  saveDraft,
} from './service';

function setup() {
  const core = testCore();
  ensureDefaultTemplate(core);
  return core;
}

const customItem: TemplateItem = { key: 'ORG-01', stage: 'deployment', kind: 'custom', controlId: null, title: 'Feature flags default to off', procedure: 'Inspect the flag service.', evidenceExpected: ['Flag export'] };

describe('checklist templates', () => {
  it('ships "Release audit — standard" v1 with every library control and the tolerated deviations, once', async () => {
    const core = setup();
    ensureDefaultTemplate(core);
    const templates = listTemplates(core);
    expect(templates.map((t) => t.name)).toEqual([DEFAULT_TEMPLATE_NAME]);
    const [standard] = templates;
    expect(standard?.versions.map((v) => v.version)).toEqual([1]);
    expect(standard?.hasUnpublishedChanges).toBe(false);
    const v1 = getVersion(core, standard!.versions[0]!.id);
    expect(v1.content.items.length).toBeGreaterThanOrEqual(60);
    expect(v1.content.deviations.find((d) => d.key === 'emergency-cab-bypass')).toMatchObject({ appliesTo: 'emergency', postFactoApprovalHours: 24 });
    expect((await verifyAll(core)).ok).toBe(true);
  });

  it('publishes immutable numbered versions saying who, when and why', () => {
    const core = setup();
    const template = createTemplate(core, { name: 'Payments', description: '', fromLibrary: true });
    expect(template.versions).toEqual([]);
    expect(template.hasUnpublishedChanges).toBe(true);
    const v1 = publishTemplate(core, { id: template.id, reason: 'First cut' });
    expect(v1).toMatchObject({ version: 1, publishedBy: 'test-auditor', reason: 'First cut', templateName: 'Payments' });
    const draft: TemplateContent = { ...v1.content, items: [...v1.content.items.slice(1), customItem] };
    saveDraft(core, { id: template.id, draft });
    expect(getTemplate(core, template.id).hasUnpublishedChanges).toBe(true);
    const v2 = publishTemplate(core, { id: template.id, reason: 'Add feature-flag check' });
    expect(v2.version).toBe(2);
    expect(getVersion(core, v1.id).content).toEqual(v1.content);
    expect(() => publishTemplate(core, { id: template.id, reason: 'again' })).toThrow(/Nothing has changed since v2/);
    expect(() => core.sqlite.prepare("UPDATE template_versions SET reason = 'rewritten'").run()).toThrow(/cannot be changed/);
    expect(() => core.sqlite.prepare('DELETE FROM template_versions').run()).toThrow(/cannot be removed/);
  });

  it('refuses a draft citing a control that is not in the library', () => {
    const core = setup();
    const template = createTemplate(core, { name: 'T', description: '', fromLibrary: false });
    const draft: TemplateContent = { items: [{ ...customItem, key: 'X', kind: 'control', controlId: 'RA-XYZ-99' }], deviations: [] };
    expect(() => saveDraft(core, { id: template.id, draft })).toThrow(/items\.0\.controlId": RA-XYZ-99 is not a control of the library/);
  });

  it('keeps the version an audit pinned when the template moves on', () => {
    const core = setup();
    const standard = getTemplate(core, DEFAULT_TEMPLATE_ID);
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const pinned = pinTemplate(core, audit.id, standard.versions[0]!.id);
    expect(pinned.pinnedTemplate).toMatchObject({ name: DEFAULT_TEMPLATE_NAME, version: 1 });
    saveDraft(core, { id: standard.id, draft: { ...standard.draft, items: [...standard.draft.items, customItem] } });
    publishTemplate(core, { id: standard.id, reason: 'Org item' });
    expect(getAudit(core, audit.id).pinnedTemplate).toMatchObject({ version: 1 });
  });

  it('shows a readable diff of additions, removals, changes and moves', () => {
    const core = setup();
    const template = createTemplate(core, { name: 'T', description: '', fromLibrary: true });
    const v1 = publishTemplate(core, { id: template.id, reason: 'one' });
    const items = [...v1.content.items];
    const [first, second, third] = items;
    const edited = [
      { ...second!, title: 'Classify every RFC' },
      first!,
      ...items.slice(3),
      customItem,
    ];
    saveDraft(core, { id: template.id, draft: { items: edited, deviations: [] } });
    const v2 = publishTemplate(core, { id: template.id, reason: 'two' });
    const diff = diffVersions(core, v1.id, v2.id);
    const texts = diff.changes.map((c) => c.text);
    expect(texts).toContain(`Removed ${third!.key} "${third!.title}" (${third!.stage})`);
    expect(texts).toContain(`Added ORG-01 "Feature flags default to off" (deployment)`);
    expect(texts).toContain(`Changed ${second!.key}: title "${second!.title}" → "Classify every RFC"`);
    expect(diff.changes.filter((c) => c.kind === 'moved')).toHaveLength(1);
    expect(diff.from.version).toBe(1);
    expect(diff.to.version).toBe(2);
  });

  it('round-trips a version through YAML and JSON, as a new version of the same template', () => {
    for (const format of ['yaml', 'json'] as const) {
      const core = setup();
      const standard = getTemplate(core, DEFAULT_TEMPLATE_ID);
      const exported = exportVersion(core, standard.versions[0]!.id, format);
      expect(exported.fileName).toBe(`release-audit-standard-v1.${format}`);
      expect(() => importTemplate(core, { text: exported.text, fileName: exported.fileName, reason: '' })).toThrow(/matches v1/);
      const changed = exported.text.replace('Every control of the shipped library', 'All controls');
      const edited = format === 'json' ? changed.replace('"name": "Release audit — standard"', '"name": "Release audit — ours"') : changed.replace('name: Release audit — standard', 'name: Release audit — ours');
      const v2 = importTemplate(core, { text: edited, fileName: exported.fileName, reason: '' });
      expect(v2).toMatchObject({ templateId: DEFAULT_TEMPLATE_ID, version: 2, templateName: 'Release audit — ours', reason: `Imported from ${exported.fileName}` });
      expect(v2.content).toEqual(getVersion(core, standard.versions[0]!.id).content);
    }
  });

  it('imports an unedited file for a template this laptop has never seen as that very version, keeping its ids', () => {
    const source = setup();
    const template = createTemplate(source, { name: 'Vendor releases', description: 'For offshore teams', fromLibrary: false });
    saveDraft(source, { id: template.id, draft: { items: [customItem], deviations: [] } });
    const published = publishTemplate(source, { id: template.id, reason: 'r' });
    const file = exportVersion(source, published.id, 'yaml');
    const target = setup();
    const imported = importTemplate(target, { text: file.text, fileName: file.fileName, reason: 'From the shared repo' });
    expect(imported).toEqual(published);
    expect(getTemplate(target, template.id)).toMatchObject({ description: 'For offshore teams', createdAt: template.createdAt, createdBy: template.createdBy });
  });

  it('imports an edited file for a template this laptop has never seen as the version after the one it was exported from', () => {
    const source = setup();
    const template = createTemplate(source, { name: 'Vendor releases', description: '', fromLibrary: false });
    saveDraft(source, { id: template.id, draft: { items: [customItem], deviations: [] } });
    const published = publishTemplate(source, { id: template.id, reason: 'r' });
    const file = exportVersion(source, published.id, 'yaml');
    const edited = file.text.replace('title: Feature flags default to off', 'title: Feature flags start off');
    const imported = importTemplate(setup(), { text: edited, fileName: file.fileName, reason: 'Edited in the repo' });
    expect(imported).toMatchObject({ templateId: template.id, version: 2, reason: 'Edited in the repo' });
    expect(imported.id).not.toBe(published.id);
  });

  const badFiles: Array<[string, string, RegExp]> = [
    ['empty.yaml', '   ', /the file is empty/],
    ['list.yaml', '- a\n- b\n', /does not hold a template/],
    ['noschema.yaml', 'name: X\nitems: []\n', /line 1: the "schema" field is missing/],
    ['future.yaml', 'schema: release-audit/checklist-template@7\nname: X\nitems: []\n', /line 1: field "schema": unknown template schema/],
    ['stage.yaml', 'schema: release-audit/checklist-template@1\nname: X\nitems:\n  - key: a\n    stage: moon\n    kind: custom\n    title: T\n', /line 5: field "items\.0\.stage": must be one of/],
    ['unknown.yaml', 'schema: release-audit/checklist-template@1\nname: X\nitems: []\nowner: me\n', /line 4: field "owner": is not a field of a template/],
    ['dupkey.yaml', 'schema: release-audit/checklist-template@1\nname: X\nname: Y\nitems: []\n', /line 3, column \d+: Map keys must be unique/],
    ['syntax.json', '{\n  "schema": "release-audit/checklist-template@1",\n  "name": "X"\n  "items": []\n}', /line 4, column 3: not valid JSON/],
    ['dupitem.yaml', 'schema: release-audit/checklist-template@1\nname: X\nitems:\n  - {key: a, stage: build, kind: custom, title: T}\n  - {key: a, stage: build, kind: custom, title: U}\n', /items\.1\.key.*used by another item/],
    ['control.yaml', 'schema: release-audit/checklist-template@1\nname: X\nitems:\n  - {key: a, stage: build, kind: control, controlId: RA-NOPE-01, title: T}\n', /items\.0\.controlId": RA-NOPE-01 is not a control/],
    ['types.yaml', 'schema: release-audit/checklist-template@1\nname: X\nitems: {a: 1}\n', /line 3: field "items"/],
  ];

  it.each(badFiles)('refuses %s with the line or field, importing nothing', (fileName, text, message) => {
    const core = setup();
    const before = core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get();
    let caught: unknown;
    try {
      importTemplate(core, { text, fileName, reason: '' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('VALIDATION');
    expect((caught as AppError).message).toMatch(message);
    expect((caught as AppError).message).toMatch(/Nothing was imported\.$/);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual(before);
    expect(listTemplates(core)).toHaveLength(1);
  });

  it('versions a description-only change, and refuses imports that would lose or rewind work', () => {
    const core = setup();
    const standard = getTemplate(core, DEFAULT_TEMPLATE_ID);
    const v1File = exportVersion(core, standard.versions[0]!.id, 'yaml');
    saveDraft(core, { id: DEFAULT_TEMPLATE_ID, description: 'Reworded description' });
    const v2 = publishTemplate(core, { id: DEFAULT_TEMPLATE_ID, reason: 'Wording' });
    expect(diffVersions(core, standard.versions[0]!.id, v2.id).changes.map((c) => c.text)).toEqual(['Description reworded']);
    // An old export on top of a newer version would silently undo it.
    expect(() => importTemplate(core, { text: v1File.text.replace('name: Release audit — standard', 'name: Old'), fileName: 'old.yaml', reason: '' })).toThrow(
      /exported from v1, but "Release audit — standard" is at v2 now/,
    );
    // An unpublished draft is never overwritten by an import.
    saveDraft(core, { id: DEFAULT_TEMPLATE_ID, draft: { ...v2.content, items: [...v2.content.items, customItem] } });
    const v2File = exportVersion(core, v2.id, 'yaml');
    expect(() => importTemplate(core, { text: v2File.text.replace('Reworded description', 'Other'), fileName: 'v2.yaml', reason: '' })).toThrow(/unpublished changes/);
  });

  it('refuses a control in the wrong stage, twice, or on a non-control item', () => {
    const core = setup();
    const template = createTemplate(core, { name: 'T', description: '', fromLibrary: false });
    const control = { ...customItem, kind: 'control' as const, key: 'RA-RFC-01', controlId: 'RA-RFC-01', stage: 'rfc-approval' as const };
    expect(() => saveDraft(core, { id: template.id, draft: { items: [{ ...control, stage: 'build' }], deviations: [] } })).toThrow(/belongs to the rfc-approval stage/);
    const parse = (items: TemplateItem[]) => TemplateContent.safeParse({ items, deviations: [] }).success;
    expect(parse([control, { ...control, key: 'again' }])).toBe(false);
    expect(parse([{ ...customItem, controlId: 'RA-RFC-01' }])).toBe(false);
    expect(parse([control, customItem])).toBe(true);
  });

  it('describes what changed in a tolerated deviation, conditions included', () => {
    const core = setup();
    const standard = getTemplate(core, DEFAULT_TEMPLATE_ID);
    const deviations = standard.draft.deviations.map((d) => (d.key === 'emergency-cab-bypass' ? { ...d, conditions: [...d.conditions, 'The CAB chair is informed within 1 hour.'], postFactoApprovalHours: 12 } : d));
    saveDraft(core, { id: DEFAULT_TEMPLATE_ID, draft: { ...standard.draft, deviations } });
    const v2 = publishTemplate(core, { id: DEFAULT_TEMPLATE_ID, reason: 'Stricter' });
    expect(diffVersions(core, standard.versions[0]!.id, v2.id).changes.map((c) => c.text)).toEqual([
      'Changed tolerated deviation "Emergency deployment without the full CAB": condition added "The CAB chair is informed within 1 hour."; post-facto approval 24 h → 12 h',
    ]);
  });
});
