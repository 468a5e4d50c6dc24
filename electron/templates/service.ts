import { asc, desc, eq } from 'drizzle-orm';
import { UtcTimestamp } from '../../shared/api/common';
import { AppError } from '../../shared/api/errors';
import {
  TemplateContent,
  type Template,
  type TemplateDiff,
  type TemplateVersion,
} from '../../shared/api/templates';
import { checklistTemplates, templateVersions } from '../db/schema';
import { newId, utcNow } from '../ids';
import { loadLibrary } from '../library/library';
import { rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';
import type { RecordWriter } from '../ledger/records';
import { DEFAULT_TEMPLATE_ID, DEFAULT_TEMPLATE_NAME, DEFAULT_TEMPLATE_V1_ID, defaultTemplateContent, libraryItems } from './default-template';
import { diffSnapshots } from './diff';
import { formatTemplateFile, parseTemplateFile, unchangedExport } from './files';
import { parseSnapshot, type VersionSnapshot } from './snapshot';

// Checklist templates: a draft edited freely, published as immutable numbered versions (who, when,
// why) that audits pin. Every write goes through the ledger.

type TemplateRow = typeof checklistTemplates.$inferSelect;
type VersionRow = typeof templateVersions.$inferSelect;

/** Creates the shipped "Release audit — standard" template (v1) the first time a data folder is used. */
const SHIPPED_AT = '2026-01-01T00:00:00.000Z';

export function ensureDefaultTemplate(core: Core): void {
  if (core.db.select({ id: checklistTemplates.id }).from(checklistTemplates).where(eq(checklistTemplates.id, DEFAULT_TEMPLATE_ID)).get()) return;
  const content = defaultTemplateContent(loadLibrary(core.appRoot));
  const description = 'Every control of the shipped library, by release stage, with the common tolerated deviations.';
  // Every laptop makes this template itself, with the same ids: its records must be identical on
  // all of them, or syncing would find two versions of one unchangeable record.
  const now = SHIPPED_AT;
  transact(core, (records) => {
    records.insert('checklist_templates', {
      id: DEFAULT_TEMPLATE_ID,
      name: DEFAULT_TEMPLATE_NAME,
      description,
      draft: content,
      createdAt: now,
      createdBy: 'Release Audit',
      updatedAt: now,
    });
    records.insert('template_versions', {
      id: DEFAULT_TEMPLATE_V1_ID,
      templateId: DEFAULT_TEMPLATE_ID,
      version: 1,
      content: { name: DEFAULT_TEMPLATE_NAME, description, ...content },
      publishedAt: now,
      publishedBy: 'Release Audit',
      reason: 'Shipped with the application.',
    });
  });
}

export function listTemplates(core: Core): Template[] {
  return core.db
    .select()
    .from(checklistTemplates)
    .orderBy(asc(checklistTemplates.name))
    .all()
    .map((row) => toTemplate(core, row));
}

export function getTemplate(core: Core, id: string): Template {
  return toTemplate(core, templateRow(core, id));
}

export function createTemplate(core: Core, input: { name: string; description: string; fromLibrary: boolean }): Template {
  const now = utcNow();
  const draft: TemplateContent = { items: input.fromLibrary ? libraryItems(loadLibrary(core.appRoot)) : [], deviations: [] };
  const row = transact(core, (records) =>
    records.insert('checklist_templates', { id: newId(), name: input.name, description: input.description, draft, createdAt: now, createdBy: core.actor, updatedAt: now }),
  );
  return toTemplate(core, row as TemplateRow);
}

export function saveDraft(core: Core, input: { id: string; name?: string; description?: string; draft?: TemplateContent }): Template {
  const current = templateRow(core, input.id);
  if (input.draft) checkControlsExist(core, input.draft, 'draft');
  const changes: Partial<TemplateRow> = {};
  if (input.name !== undefined && input.name !== current.name) changes.name = input.name;
  if (input.description !== undefined && input.description !== current.description) changes.description = input.description;
  if (input.draft !== undefined && JSON.stringify(input.draft) !== JSON.stringify(current.draft)) changes.draft = input.draft;
  if (Object.keys(changes).length === 0) return toTemplate(core, current);
  transact(core, (records) => records.update('checklist_templates', input.id, { ...changes, updatedAt: utcNow() }));
  return getTemplate(core, input.id);
}

export function publishTemplate(core: Core, input: { id: string; reason: string }): TemplateVersion {
  const template = templateRow(core, input.id);
  const draft = TemplateContent.parse(template.draft);
  checkControlsExist(core, draft, 'draft');
  if (draft.items.length === 0) throw new AppError('VALIDATION', 'A template needs at least one item before it can be published.');
  const latest = latestVersion(core, input.id);
  const snapshot: VersionSnapshot = { name: template.name, description: template.description, ...draft };
  if (latest && sameSnapshot(parseSnapshot(latest.content), snapshot)) {
    throw new AppError('CONFLICT', `Nothing has changed since v${latest.version} of "${template.name}": there is nothing to publish.`);
  }
  const id = transact(core, (records) => insertVersion(core, records, input.id, (latest?.version ?? 0) + 1, snapshot, input.reason));
  return getVersion(core, id);
}

export function getVersion(core: Core, id: string): TemplateVersion {
  const row = core.db.select().from(templateVersions).where(eq(templateVersions.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `There is no published template version with the id ${id}.`);
  return toVersion(row);
}

export function diffVersions(core: Core, fromId: string, toId: string): TemplateDiff {
  const from = getVersion(core, fromId);
  const to = getVersion(core, toId);
  if (from.templateId !== to.templateId) throw new AppError('VALIDATION', 'Only two versions of the same template can be compared.');
  const snap = (v: TemplateVersion): VersionSnapshot => ({ name: v.templateName, description: v.templateDescription, ...v.content });
  return { from: { id: from.id, version: from.version }, to: { id: to.id, version: to.version }, changes: diffSnapshots(snap(from), snap(to)) };
}

export function exportVersion(core: Core, versionId: string, format: 'json' | 'yaml'): { fileName: string; text: string } {
  const row = core.db.select().from(templateVersions).where(eq(templateVersions.id, versionId)).get();
  if (!row) throw new AppError('NOT_FOUND', `There is no published template version with the id ${versionId}.`);
  const template = templateRow(core, row.templateId);
  const snapshot = parseSnapshot(row.content);
  const slug = snapshot.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'template';
  return {
    fileName: `${slug}-v${row.version}.${format === 'json' ? 'json' : 'yaml'}`,
    text: formatTemplateFile(
      snapshot,
      { templateId: row.templateId, version: row.version, versionId: row.id, publishedAt: row.publishedAt, publishedBy: row.publishedBy, reason: row.reason, createdAt: template.createdAt, createdBy: template.createdBy },
      format,
    ),
  };
}

/** Imports a template file and publishes it: a new template, or the next version of the one it names. */
export function importTemplate(core: Core, input: { text: string; fileName: string; reason: string }): TemplateVersion {
  const file = parseTemplateFile(input.text, input.fileName);
  const content = TemplateContent.safeParse({ items: file.items, deviations: file.deviations });
  if (!content.success) {
    const issue = content.error.issues[0];
    throw new AppError('VALIDATION', `${input.fileName}: field "${issue?.path.join('.')}": ${issue?.message}. Nothing was imported.`);
  }
  checkControlsExist(core, content.data, input.fileName, ' Nothing was imported.');
  if (content.data.items.length === 0) throw new AppError('VALIDATION', `${input.fileName}: field "items": a template needs at least one item. Nothing was imported.`);
  const snapshot: VersionSnapshot = { name: file.name, description: file.description, ...content.data };
  const reason = input.reason || `Imported from ${input.fileName}`;
  const existing = file.id ? core.db.select().from(checklistTemplates).where(eq(checklistTemplates.id, file.id)).get() : undefined;
  const latest = existing ? latestVersion(core, existing.id) : undefined;
  if (latest && sameSnapshot(parseSnapshot(latest.content), snapshot)) {
    throw new AppError('CONFLICT', `${input.fileName} matches v${latest.version} of "${existing?.name}" already: nothing to import.`);
  }
  if (existing && toTemplate(core, existing).hasUnpublishedChanges && latest) {
    throw new AppError('CONFLICT', `"${existing.name}" has unpublished changes in its draft; publish them first, so the import does not overwrite them. Nothing was imported.`);
  }
  if (latest && file.version !== undefined && file.version < latest.version) {
    throw new AppError(
      'CONFLICT',
      `${input.fileName} was exported from v${file.version}, but "${existing?.name}" is at v${latest.version} now; export v${latest.version}, make the change there, and import that. Nothing was imported.`,
    );
  }
  const now = utcNow();
  const versionId = transact(core, (records) => {
    const templateId = existing?.id ?? file.id ?? newId();
    if (existing) {
      records.update('checklist_templates', templateId, { name: file.name, description: file.description, draft: content.data, updatedAt: now });
      return insertVersion(core, records, templateId, (latest?.version ?? 0) + 1, snapshot, reason);
    }
    // A template this laptop has never seen, from a file another laptop exported: its records are
    // made as that laptop holds them, so syncing an audit that pins it finds the same template (not
    // two creations of one record, nor two different versions with one number). An unedited file
    // brings back its very version; an edited one becomes the version after it.
    const origin = file.id ? unchangedExport(file, snapshot) : null;
    const created = { createdAt: file.id && file.createdAt && UtcTimestamp.safeParse(file.createdAt).success ? file.createdAt : now, createdBy: (file.id && file.createdBy) || core.actor };
    records.insert('checklist_templates', { id: templateId, name: file.name, description: file.description, draft: content.data, ...created, updatedAt: origin?.publishedAt ?? now });
    if (origin && !knownId(core, 'template_versions', origin.versionId)) {
      records.insert('template_versions', { id: origin.versionId, templateId, version: origin.version, content: snapshot, publishedAt: origin.publishedAt, publishedBy: origin.publishedBy, reason: origin.reason });
      return origin.versionId;
    }
    return insertVersion(core, records, templateId, (file.id ? (file.version ?? 0) : 0) + 1, snapshot, reason);
  });
  return getVersion(core, versionId);
}

function insertVersion(core: Core, records: RecordWriter, templateId: string, version: number, snapshot: VersionSnapshot, reason: string): string {
  const id = newId();
  records.insert('template_versions', { id, templateId, version, content: snapshot, publishedAt: utcNow(), publishedBy: core.actor, reason });
  return id;
}

/** Whether the ledger has ever seen a record with this id (it may have been deleted since). */
function knownId(core: Core, entity: string, id: string): boolean {
  return core.sqlite.prepare('SELECT 1 FROM ledger WHERE entity = ? AND entity_id = ? LIMIT 1').get(entity, id) !== undefined;
}

function checkControlsExist(core: Core, content: TemplateContent, where: string, after = ''): void {
  const library = loadLibrary(core.appRoot);
  content.items.forEach((item, index) => {
    if (!item.controlId) return;
    const control = library.controlsById.get(item.controlId);
    if (!control) throw new AppError('VALIDATION', `${where}: field "items.${index}.controlId": ${item.controlId} is not a control of the library.${after}`);
    if (control.stage !== item.stage) {
      throw new AppError('VALIDATION', `${where}: field "items.${index}.stage": ${item.controlId} belongs to the ${control.stage} stage, not ${item.stage}.${after}`);
    }
  });
}

function sameSnapshot(a: VersionSnapshot, b: VersionSnapshot): boolean {
  return JSON.stringify([a.name, a.description, a.items, a.deviations]) === JSON.stringify([b.name, b.description, b.items, b.deviations]);
}

function templateRow(core: Core, id: string): TemplateRow {
  return rowOrNotFound(core, 'checklist_templates', id, 'checklist template');
}

function latestVersion(core: Core, templateId: string): VersionRow | undefined {
  return core.db.select().from(templateVersions).where(eq(templateVersions.templateId, templateId)).orderBy(desc(templateVersions.version), desc(templateVersions.publishedAt)).get();
}

function toTemplate(core: Core, row: TemplateRow): Template {
  const versions = core.db.select().from(templateVersions).where(eq(templateVersions.templateId, row.id)).orderBy(desc(templateVersions.version), desc(templateVersions.publishedAt)).all();
  const draft = TemplateContent.parse(row.draft ?? { items: [], deviations: [] });
  const latest = versions[0];
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    draft,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      publishedAt: v.publishedAt,
      publishedBy: v.publishedBy,
      reason: v.reason,
      items: parseSnapshot(v.content).items.length,
    })),
    hasUnpublishedChanges: !latest || !sameSnapshot(parseSnapshot(latest.content), { name: row.name, description: row.description, ...draft }),
  };
}

function toVersion(row: VersionRow): TemplateVersion {
  const { name, description, ...content } = parseSnapshot(row.content);
  return { id: row.id, templateId: row.templateId, templateName: name, templateDescription: description, version: row.version, content, publishedAt: row.publishedAt, publishedBy: row.publishedBy, reason: row.reason };
}
