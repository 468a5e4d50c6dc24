import fs from 'node:fs';
import path from 'node:path';
import { asc, desc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { PackContent, type RulePack, type RulePackDiff, type RulePackVersion, type RulePin } from '../../shared/api/rules';
import { auditRulePins, rulePackVersions, rulePacks } from '../db/schema';
import { newId, utcNow } from '../ids';
import { loadLibrary } from '../library/library';
import { getAuditRow } from '../rows';
import { transact, type Core } from '../services';
import { diffPacks } from './pack-diff';
import { parsePackText } from './pack-file';

// Rule packs are kept as checklist templates are: published versions that never change, numbered
// per pack, each holding the YAML it was saved from; an audit is pinned to one version.

type VersionRow = typeof rulePackVersions.$inferSelect;

export const DEFAULT_PACK_ID = '0190a000-0000-7000-8000-000000000101';
export const DEFAULT_PACK_V1_ID = '0190a000-0000-7000-8000-000000000102';
const SHIPPED_AT = '2026-01-01T00:00:00.000Z';

export function defaultPackSource(appRoot: string): string {
  return fs.readFileSync(path.join(appRoot, 'resources', 'rules', 'default-pack.yaml'), 'utf8');
}

/** Writes the shipped pack (v1) the first time a data folder is used; the same records on every laptop. */
export function ensureDefaultRulePack(core: Core): void {
  if (core.db.select({ id: rulePacks.id }).from(rulePacks).where(eq(rulePacks.id, DEFAULT_PACK_ID)).get()) return;
  const source = defaultPackSource(core.appRoot);
  const { content } = parsePackText(source, 'default-pack.yaml');
  transact(core, (records) => {
    records.insert('rule_packs', { id: DEFAULT_PACK_ID, name: content.name, description: content.description, createdAt: SHIPPED_AT, createdBy: 'Release Audit', updatedAt: SHIPPED_AT });
    records.insert('rule_pack_versions', {
      id: DEFAULT_PACK_V1_ID,
      packId: DEFAULT_PACK_ID,
      version: 1,
      content,
      source,
      publishedAt: SHIPPED_AT,
      publishedBy: 'Release Audit',
      reason: 'Shipped with the application.',
    });
  });
}

function versionRows(core: Core, packId: string): VersionRow[] {
  return core.db.select().from(rulePackVersions).where(eq(rulePackVersions.packId, packId)).orderBy(desc(rulePackVersions.version), desc(rulePackVersions.publishedAt)).all();
}

function toPack(core: Core, row: typeof rulePacks.$inferSelect): RulePack {
  return {
    ...row,
    versions: versionRows(core, row.id).map((v) => ({
      id: v.id,
      version: v.version,
      publishedAt: v.publishedAt,
      publishedBy: v.publishedBy,
      reason: v.reason,
      rules: contentOf(v).rules.length,
    })),
  };
}

export function listPacks(core: Core): RulePack[] {
  return core.db.select().from(rulePacks).orderBy(asc(rulePacks.name)).all().map((row) => toPack(core, row));
}

export function getPack(core: Core, id: string): RulePack {
  const row = core.db.select().from(rulePacks).where(eq(rulePacks.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `There is no rule pack with the id ${id}.`);
  return toPack(core, row);
}

/** A stored version's rules; a version this app cannot read (changed behind its back, or from a newer app) is said so. */
function contentOf(row: VersionRow): PackContent {
  const parsed = PackContent.safeParse(row.content);
  if (!parsed.success) throw new AppError('INTEGRITY', `Version ${row.version} of rule pack ${row.packId} holds rules this version of the app cannot read (${parsed.error.issues[0]?.message ?? 'unreadable'}).`);
  return parsed.data;
}

function toVersion(core: Core, row: VersionRow): RulePackVersion {
  const pack = core.db.select({ name: rulePacks.name }).from(rulePacks).where(eq(rulePacks.id, row.packId)).get();
  return { id: row.id, packId: row.packId, packName: pack?.name ?? '', version: row.version, content: contentOf(row), source: row.source, publishedAt: row.publishedAt, publishedBy: row.publishedBy, reason: row.reason };
}

export function packVersions(core: Core, packId: string): RulePackVersion[] {
  getPack(core, packId);
  return versionRows(core, packId).map((row) => toVersion(core, row));
}

export function getPackVersion(core: Core, id: string): RulePackVersion {
  const row = core.db.select().from(rulePackVersions).where(eq(rulePackVersions.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `There is no rule pack version with the id ${id}.`);
  return toVersion(core, row);
}

/** Saves YAML text as the next version of the pack it names (or a new pack); refused whole, with its line, when anything is wrong. */
export function savePackVersion(core: Core, input: { text: string; fileName: string; reason: string }): RulePackVersion {
  const parsed = parsePackText(input.text, input.fileName, loadLibrary(core.appRoot).controlsById);
  const content = parsed.content;
  // A file naming the shipped pack is its next version, whether or not this data folder has seeded it yet.
  if (parsed.id === DEFAULT_PACK_ID) ensureDefaultRulePack(core);
  const existing = parsed.id ? core.db.select().from(rulePacks).where(eq(rulePacks.id, parsed.id)).get() : undefined;
  const latest = existing ? versionRows(core, existing.id)[0] : undefined;
  if (latest && JSON.stringify(contentOf(latest)) === JSON.stringify(content)) {
    throw new AppError('CONFLICT', `${input.fileName} has the same rules and parameters as v${latest.version} of "${existing?.name}": there is nothing to save.`);
  }
  const now = utcNow();
  const id = transact(core, (records) => {
    const packId = existing?.id ?? parsed.id ?? newId();
    if (existing) records.update('rule_packs', packId, { name: content.name, description: content.description, updatedAt: now });
    else records.insert('rule_packs', { id: packId, name: content.name, description: content.description, createdAt: now, createdBy: core.actor, updatedAt: now });
    const versionId = newId();
    records.insert('rule_pack_versions', {
      id: versionId,
      packId,
      version: (latest?.version ?? 0) + 1,
      content,
      source: input.text,
      publishedAt: now,
      publishedBy: core.actor,
      reason: input.reason || `Saved from ${input.fileName}`,
    });
    return versionId;
  });
  return getPackVersion(core, id);
}

export function diffPackVersions(core: Core, fromId: string, toId: string): RulePackDiff {
  const from = getPackVersion(core, fromId);
  const to = getPackVersion(core, toId);
  if (from.packId !== to.packId) throw new AppError('VALIDATION', 'Only two versions of the same rule pack can be compared.');
  return { from: { id: from.id, version: from.version }, to: { id: to.id, version: to.version }, changes: diffPacks(from.content, to.content) };
}

function toPin(core: Core, auditId: string, versionId: string, row: typeof auditRulePins.$inferSelect | undefined): RulePin {
  const version = getPackVersion(core, versionId);
  return { auditId, packId: version.packId, packName: version.packName, packVersionId: version.id, version: version.version, pinned: row !== undefined, pinnedAt: row?.pinnedAt ?? null, pinnedBy: row?.pinnedBy ?? '' };
}

/** The version an audit's rules run with: its pin, or the shipped pack's first version. */
export function pinnedPack(core: Core, auditId: string): RulePin {
  getAuditRow(core, auditId);
  const row = core.db.select().from(auditRulePins).where(eq(auditRulePins.id, auditId)).get();
  if (!row) ensureDefaultRulePack(core);
  return toPin(core, auditId, row?.packVersionId ?? DEFAULT_PACK_V1_ID, row);
}

export function pinPack(core: Core, auditId: string, packVersionId: string): RulePin {
  const audit = getAuditRow(core, auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', `The audit "${audit.name}" is finalised; its rule pack can no longer change.`);
  getPackVersion(core, packVersionId);
  const row = core.db.select().from(auditRulePins).where(eq(auditRulePins.id, auditId)).get();
  if (row?.packVersionId !== packVersionId) {
    const now = utcNow();
    transact(core, (records) => {
      if (row) records.update('audit_rule_pins', auditId, { packVersionId, pinnedAt: now, pinnedBy: core.actor });
      else records.insert('audit_rule_pins', { id: auditId, packVersionId, pinnedAt: now, pinnedBy: core.actor });
    });
  }
  return pinnedPack(core, auditId);
}
