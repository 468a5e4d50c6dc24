import fs from 'node:fs';
import path from 'node:path';
import { asc, desc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { MaturityModelContent, type MaturityDiff, type MaturityModel, type MaturityModelVersion } from '../../shared/api/maturity';
import { maturityModels, maturityModelVersions } from '../db/schema';
import { newId, utcNow } from '../ids';
import { rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';
import { diffModels } from './diff';
import { formatModelFile, parseModelFile } from './model-file';

// Maturity models: a draft edited as its YAML file, published as immutable numbered versions (who,
// when, why) that assessments pin, as checklist templates are. Every write goes through the ledger.

type ModelRow = typeof maturityModels.$inferSelect;
type VersionRow = typeof maturityModelVersions.$inferSelect;

/** The shipped models, with fixed ids: every laptop makes the same records, so syncing finds one model, not two. */
const SHIPPED = [
  { file: 'itil4.yaml', id: '0190a000-0000-7000-8000-00000000a101', v1: '0190a000-0000-7000-8000-00000000a102' },
  { file: 'cobit2019.yaml', id: '0190a000-0000-7000-8000-00000000a201', v1: '0190a000-0000-7000-8000-00000000a202' },
] as const;
const SHIPPED_AT = '2026-01-01T00:00:00.000Z';
const shippedCache = new Map<string, MaturityModelContent>();

export function shippedModel(appRoot: string, file: string): MaturityModelContent {
  const full = path.join(appRoot, 'resources', 'maturity', file);
  let content = shippedCache.get(full);
  if (!content) {
    content = parseModelFile(fs.readFileSync(full, 'utf8'), `resources/maturity/${file}`, '');
    shippedCache.set(full, content);
  }
  return content;
}

/** Writes the shipped models (v1) the first time maturity is used in a data folder; afterwards a cheap check. */
export function ensureShippedModels(core: Core): void {
  const missing = SHIPPED.filter((s) => core.sqlite.prepare('SELECT 1 FROM maturity_models WHERE id = ?').get(s.id) === undefined);
  if (missing.length === 0) return;
  transact(core, (records) => {
    for (const shipped of missing) {
      const content = shippedModel(core.appRoot, shipped.file);
      records.insert('maturity_models', { id: shipped.id, key: content.key, name: content.name, description: content.description, draft: content, createdAt: SHIPPED_AT, createdBy: 'Release Audit', updatedAt: SHIPPED_AT });
      records.insert('maturity_model_versions', { id: shipped.v1, modelId: shipped.id, version: 1, content, publishedAt: SHIPPED_AT, publishedBy: 'Release Audit', reason: 'Shipped with the application.' });
    }
  });
}

export function listModels(core: Core): MaturityModel[] {
  ensureShippedModels(core);
  return core.db.select().from(maturityModels).orderBy(asc(maturityModels.name)).all().map((row) => toModel(core, row));
}

export function saveModelDraft(core: Core, input: { id: string; text: string }): MaturityModel {
  ensureShippedModels(core);
  const current = modelRow(core, input.id);
  const draft = parseModelFile(input.text, `${current.key}.yaml`);
  if (draft.key !== current.key) throw new AppError('VALIDATION', `${current.key}.yaml: field "key": the model's key is "${current.key}" and cannot change (a new key is a new model). Nothing was saved.`);
  if (same(draft, current.draft)) return toModel(core, current);
  transact(core, (records) => records.update('maturity_models', input.id, { name: draft.name, description: draft.description, draft, updatedAt: utcNow() }));
  return toModel(core, modelRow(core, input.id));
}

export function publishModel(core: Core, input: { id: string; reason: string }): MaturityModelVersion {
  ensureShippedModels(core);
  const model = modelRow(core, input.id);
  const draft = MaturityModelContent.parse(model.draft);
  const latest = latestVersionRow(core, input.id);
  if (latest && same(draft, latest.content)) throw new AppError('CONFLICT', `Nothing has changed since v${latest.version} of "${model.name}": there is nothing to publish.`);
  const id = newId();
  transact(core, (records) =>
    records.insert('maturity_model_versions', { id, modelId: input.id, version: (latest?.version ?? 0) + 1, content: draft, publishedAt: utcNow(), publishedBy: core.actor, reason: input.reason }),
  );
  return getModelVersion(core, id);
}

export function getModelVersion(core: Core, id: string): MaturityModelVersion {
  return toVersion(rowOrNotFound(core, 'maturity_model_versions', id, 'published maturity model version'));
}

export function exportModel(core: Core, input: { modelId: string; versionId?: string }): { fileName: string; text: string } {
  ensureShippedModels(core);
  const model = modelRow(core, input.modelId);
  if (!input.versionId) return { fileName: `${model.key}-draft.yaml`, text: formatModelFile(MaturityModelContent.parse(model.draft)) };
  const version = getModelVersion(core, input.versionId);
  if (version.modelId !== model.id) throw new AppError('VALIDATION', `That version belongs to another model than "${model.name}".`);
  return { fileName: `${model.key}-v${version.version}.yaml`, text: formatModelFile(version.content) };
}

export function diffModelVersions(core: Core, fromId: string, toId: string): MaturityDiff {
  const from = getModelVersion(core, fromId);
  const to = getModelVersion(core, toId);
  if (from.modelId !== to.modelId) throw new AppError('VALIDATION', 'Only two versions of the same maturity model can be compared.');
  return { from: { id: from.id, version: from.version }, to: { id: to.id, version: to.version }, changes: diffModels(from.content, to.content) };
}

export function modelRow(core: Core, id: string): ModelRow {
  return rowOrNotFound(core, 'maturity_models', id, 'maturity model');
}

export function latestVersionRow(core: Core, modelId: string): VersionRow | undefined {
  return core.db.select().from(maturityModelVersions).where(eq(maturityModelVersions.modelId, modelId)).orderBy(desc(maturityModelVersions.version), desc(maturityModelVersions.publishedAt)).get();
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(MaturityModelContent.parse(a)) === JSON.stringify(MaturityModelContent.parse(b));
}

function toModel(core: Core, row: ModelRow): MaturityModel {
  const versions = core.db.select().from(maturityModelVersions).where(eq(maturityModelVersions.modelId, row.id)).orderBy(desc(maturityModelVersions.version)).all();
  const draft = MaturityModelContent.parse(row.draft);
  const latest = versions[0];
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    draft,
    updatedAt: row.updatedAt,
    hasUnpublishedChanges: !latest || !same(draft, latest.content),
    versions: versions.map((v) => ({ id: v.id, version: v.version, publishedAt: v.publishedAt, publishedBy: v.publishedBy, reason: v.reason })),
  };
}

export function toVersion(row: VersionRow): MaturityModelVersion {
  return { id: row.id, modelId: row.modelId, version: row.version, content: MaturityModelContent.parse(row.content), publishedAt: row.publishedAt, publishedBy: row.publishedBy, reason: row.reason };
}
