import { z } from 'zod';
import { releaseStages } from '../enums';
import { ControlId, Id, ItemKey, UtcTimestamp, requiredText, text } from './common';
import { defineMethod } from './define';

// Checklist templates: a draft that is edited freely, and published versions that never change.

export const TEMPLATE_SCHEMA = 'release-audit/checklist-template@1';

export const TemplateItem = z.strictObject({
  key: ItemKey,
  stage: z.enum(releaseStages, { message: `must be one of ${releaseStages.join(', ')}` }),
  kind: z.enum(['control', 'custom', 'control-point'], { message: 'must be control, custom or control-point' }),
  controlId: ControlId.nullable().default(null),
  title: requiredText('Title', 300),
  procedure: text('Procedure', 5000).default(''),
  evidenceExpected: z.array(text('Evidence expected', 500)).max(50).default([]),
});
export type TemplateItem = z.infer<typeof TemplateItem>;

export const ToleratedDeviation = z.strictObject({
  key: ItemKey,
  title: requiredText('Title', 300),
  appliesTo: z.enum(releaseStages, { message: `must be one of ${releaseStages.join(', ')}` }),
  /** What may be skipped or done differently. */
  allows: requiredText('What it allows', 2000),
  /** What must be true for the deviation to be tolerated. */
  conditions: z.array(requiredText('Condition', 500)).max(20).default([]),
  /** A post-facto approval must follow within this many hours (null when none is required). */
  postFactoApprovalHours: z.number().int().positive().max(24 * 365).nullable().default(null),
});
export type ToleratedDeviation = z.infer<typeof ToleratedDeviation>;

export const TemplateContent = z
  .strictObject({
    items: z.array(TemplateItem).max(2000, 'a template holds at most 2000 items'),
    deviations: z.array(ToleratedDeviation).max(200).default([]),
  })
  .superRefine((content, ctx) => {
    const seen = new Set<string>();
    const controls = new Set<string>();
    content.items.forEach((item, index) => {
      if (seen.has(item.key)) ctx.addIssue({ code: 'custom', path: ['items', index, 'key'], message: `"${item.key}" is used by another item` });
      seen.add(item.key);
      if (item.kind === 'control' && !item.controlId) {
        ctx.addIssue({ code: 'custom', path: ['items', index, 'controlId'], message: 'a control item names its control' });
      }
      if (item.kind !== 'control' && item.controlId) {
        ctx.addIssue({ code: 'custom', path: ['items', index, 'controlId'], message: 'only a control item names a library control' });
      }
      if (item.controlId && controls.has(item.controlId)) {
        ctx.addIssue({ code: 'custom', path: ['items', index, 'controlId'], message: `${item.controlId} is already in the template` });
      }
      if (item.controlId) controls.add(item.controlId);
    });
    const deviationKeys = new Set<string>();
    content.deviations.forEach((deviation, index) => {
      if (deviationKeys.has(deviation.key)) {
        ctx.addIssue({ code: 'custom', path: ['deviations', index, 'key'], message: `"${deviation.key}" is used by another deviation` });
      }
      deviationKeys.add(deviation.key);
    });
  });
export type TemplateContent = z.infer<typeof TemplateContent>;

export const TemplateVersionSummary = z.object({
  id: Id,
  version: z.number().int().positive(),
  publishedAt: UtcTimestamp,
  publishedBy: z.string(),
  reason: z.string(),
  items: z.number().int(),
});
export type TemplateVersionSummary = z.infer<typeof TemplateVersionSummary>;

export const Template = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  draft: TemplateContent,
  createdAt: UtcTimestamp,
  createdBy: z.string(),
  updatedAt: UtcTimestamp,
  versions: z.array(TemplateVersionSummary),
  hasUnpublishedChanges: z.boolean(),
});
export type Template = z.infer<typeof Template>;

export const TemplateVersion = z.object({
  id: Id,
  templateId: Id,
  templateName: z.string(),
  templateDescription: z.string(),
  version: z.number().int().positive(),
  content: TemplateContent,
  publishedAt: UtcTimestamp,
  publishedBy: z.string(),
  reason: z.string(),
});
export type TemplateVersion = z.infer<typeof TemplateVersion>;

export const TemplateDiff = z.object({
  from: z.object({ id: Id, version: z.number().int() }),
  to: z.object({ id: Id, version: z.number().int() }),
  changes: z.array(
    z.object({
      kind: z.enum(['added', 'removed', 'changed', 'moved']),
      subject: z.enum(['template', 'item', 'deviation']),
      key: z.string(),
      text: z.string(),
    }),
  ),
});
export type TemplateDiff = z.infer<typeof TemplateDiff>;

const templateId = z.strictObject({ id: Id });

export const templatesContract = {
  'templates.list': defineMethod({
    summary: 'Every checklist template with its published versions.',
    input: z.strictObject({}).default({}),
    output: z.array(Template),
  }),
  'templates.get': defineMethod({
    summary: 'One template: its draft and its published versions.',
    input: templateId,
    output: Template,
  }),
  'templates.create': defineMethod({
    summary: 'Start a new template, empty or with every control of the library.',
    startsDataFolder: true,
    input: z.strictObject({
      name: requiredText('Template name', 200),
      description: text('Description', 5000).default(''),
      fromLibrary: z.boolean().default(true),
    }),
    output: Template,
  }),
  'templates.saveDraft': defineMethod({
    summary: "Save a template's draft: name, description, items and tolerated deviations.",
    input: z.strictObject({
      id: Id,
      name: requiredText('Template name', 200).optional(),
      description: text('Description', 5000).optional(),
      draft: TemplateContent.optional(),
    }),
    output: Template,
  }),
  'templates.publish': defineMethod({
    summary: 'Publish the draft as the next immutable version, saying why.',
    input: z.strictObject({ id: Id, reason: requiredText('Reason', 2000) }),
    output: TemplateVersion,
  }),
  'templates.version': defineMethod({
    summary: 'One published version, as it was published.',
    input: templateId,
    output: TemplateVersion,
  }),
  'templates.diff': defineMethod({
    summary: 'What changed between two published versions.',
    input: z.strictObject({ fromVersionId: Id, toVersionId: Id }),
    output: TemplateDiff,
  }),
  'templates.export': defineMethod({
    summary: 'A published version as a JSON or YAML file, for version control.',
    input: z.strictObject({ versionId: Id, format: z.enum(['json', 'yaml']).default('yaml') }),
    output: z.object({ fileName: z.string(), text: z.string() }),
  }),
  'templates.import': defineMethod({
    summary: 'Import a template file (JSON or YAML) and publish it as a new version; nothing is written if it is invalid.',
    startsDataFolder: true,
    input: z.strictObject({
      text: z.string().max(5_000_000, 'the file is larger than 5 MB'),
      fileName: text('File name', 500).default('template.yaml'),
      reason: text('Reason', 2000).default(''),
    }),
    output: TemplateVersion,
  }),
};
