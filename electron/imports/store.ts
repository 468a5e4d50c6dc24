import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import type { FactPage, ImportOutcome, ImportSummary, StoredFact } from '../../shared/api/import-methods';
import { importKindLabels, type Fact, type FactOf, type ImportKind, type ImportResult } from '../../shared/api/imports';
import { importFacts, imports, releases } from '../db/schema';
import { insertEvidence } from '../evidence/service';
import { recordedInAudit } from '../evidence/duplicates';
import { newId, utcNow } from '../ids';
import type { Progress } from '../jobs/jobs';
import { getAuditRow } from '../rows';
import { transact, type Core } from '../services';
import { importFile, type ImportFileOptions } from './import-file';
import { fillTicketsFromImport } from './tickets';
import { applyImportedComponents } from '../releases/imported-components';

// An import kept: the raw file becomes a piece of evidence (or names the one already holding the
// same bytes), and the import and every fact it read are recorded in one transaction, so a failed
// or cancelled import leaves nothing behind. The same file imported again changes nothing.

const mediaTypes: Partial<Record<ImportKind, string>> = {
  'azure-devops': 'application/json',
  'ansible-json': 'application/json',
  'servicenow-json': 'application/json',
  jira: 'application/json',
  'servicenow-csv': 'text/csv',
  'argo-rollout': 'application/yaml',
  'argo-analysisrun': 'application/yaml',
  'osv-match': 'application/json',
};

export interface ImportTarget {
  auditId: string;
  releaseId: string | null;
}

/** The audit (open) and the release (of that audit) an import goes into, or a plain refusal. */
export function checkImportTarget(core: Core, target: ImportTarget): void {
  const audit = getAuditRow(core, target.auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', 'The audit is finalised: nothing more can be imported into it.');
  if (target.releaseId !== null) {
    const release = core.db.select({ auditId: releases.auditId }).from(releases).where(eq(releases.id, target.releaseId)).get();
    if (!release) throw new AppError('NOT_FOUND', `There is no release with the id ${target.releaseId}.`);
    if (release.auditId !== target.auditId) throw new AppError('VALIDATION', 'That release belongs to another audit.');
  }
}

/** Reads a file (a path on this computer, or an uploaded one) and keeps it with its facts. */
export async function importInto(
  core: Core,
  file: string,
  target: ImportTarget & { name?: string },
  options: Omit<ImportFileOptions, 'onProgress'> = {},
  progress: Progress = () => undefined,
): Promise<ImportOutcome> {
  checkImportTarget(core, target);
  // A repository folder is kept as the log git printed of it, written aside while it is read.
  const folder = fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() === true;
  const aside = folder ? fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-git-')) : null;
  try {
    const raw = aside ? path.join(aside, 'git-log.txt') : file;
    const result = await importFile(file, {
      ...options,
      ...(aside ? { logCopy: raw } : {}),
      onProgress: (read, total) => progress('Reading the file', total > 0 ? (read / total) * 0.7 : 0, { done: read, total }),
    });
    if (options.signal?.aborted) throw new AppError('VALIDATION', 'The import was cancelled; nothing was kept.');
    const earlier = sameImport(core, target, result.sha256);
    if (earlier) return { import: earlier, alreadyImported: true, drafted: 0, notes: [] };
    progress(`Recording ${result.facts.length} facts`, 0.75);
    const stored = await storeRaw(core, raw, result);
    if (options.signal?.aborted) throw new AppError('VALIDATION', 'The import was cancelled; nothing was kept.');
    const name = target.name ?? (folder ? `git log of ${path.basename(path.resolve(file))}${options.range ? ` (${options.range})` : ''}.txt` : path.basename(file));
    const id = record(core, target, name, result, stored);
    progress('Imported', 0.9);
    return { import: importSummary(core, id), alreadyImported: false, drafted: 0, notes: [] };
  } finally {
    if (aside) fs.rmSync(aside, { recursive: true, force: true });
  }
}

function sameImport(core: Core, target: ImportTarget, sha256: string): ImportSummary | null {
  const row = core.db
    .select({ id: imports.id })
    .from(imports)
    .where(and(eq(imports.auditId, target.auditId), eq(imports.sha256, sha256), target.releaseId === null ? isNull(imports.releaseId) : eq(imports.releaseId, target.releaseId)))
    .get();
  return row ? importSummary(core, row.id) : null;
}

/** The raw bytes in the vault: the same bytes that were read (a file changed meanwhile is refused). */
async function storeRaw(core: Core, file: string, result: ImportResult): Promise<{ sha256: string; size: number; existed: boolean }> {
  const stored = await core.vault.putFile(file);
  if (stored.sha256 !== result.sha256) throw new AppError('CONFLICT', 'The file changed while it was being imported: import it again once it is complete.');
  return stored;
}

function record(core: Core, target: ImportTarget, name: string, result: ImportResult, stored: { sha256: string; size: number; existed: boolean }): string {
  const importedAt = utcNow();
  const label = importKindLabels[result.kind];
  return transact(core, (records) => {
    const existing = recordedInAudit(core, target.auditId, stored.sha256);
    const evidenceId =
      existing?.id ??
      insertEvidence(
        records,
        core,
        stored,
        {
          auditId: target.auditId,
          originalName: name,
          mediaType: mediaTypes[result.kind] ?? 'text/plain',
          refersTo: null,
          sourceSystem: label,
          captureMethod: 'import',
          note: '',
          links: target.releaseId ? [{ targetType: 'release', targetId: target.releaseId }] : [],
          custodyDetail: `Imported as ${label} (${result.detection.reason}).`,
        },
        importedAt,
      ).id;
    const created = records.insert('imports', {
      id: newId(),
      auditId: target.auditId,
      releaseId: target.releaseId,
      evidenceId,
      kind: result.kind,
      sha256: stored.sha256,
      bytes: stored.size,
      lines: result.lines,
      detection: result.detection.reason,
      warnings: result.warnings,
      factCount: result.facts.length,
      importedBy: core.actor,
      importedAt,
    });
    result.facts.forEach((fact, seq) => {
      records.insert('import_facts', {
        id: newId(),
        importId: created.id,
        auditId: target.auditId,
        releaseId: target.releaseId,
        kind: fact.kind,
        seq,
        lineFrom: fact.lines[0],
        lineTo: fact.lines[1],
        data: fact as unknown as Record<string, unknown>,
      });
    });
    // Change records fill the release's tickets in this same transaction: a failed import writes none.
    if (target.releaseId !== null) fillTicketsFromImport(core, records, { importId: created.id, releaseId: target.releaseId, source: name, kindLabel: label });
    // An SBOM fills the release's components list (its imported rows) in the same transaction.
    const components = result.facts.filter((f): f is FactOf<'sbom-component'> => f.kind === 'sbom-component');
    if (target.releaseId !== null && components.length > 0) applyImportedComponents(core, records, target.releaseId, created.id, components);
    return created.id;
  });
}

type ImportRow = typeof imports.$inferSelect;

function toSummary(core: Core, row: ImportRow): ImportSummary {
  const name = core.sqlite.prepare('SELECT original_name AS name FROM evidence WHERE id = ?').get(row.evidenceId) as { name: string } | undefined;
  const kinds = core.sqlite.prepare('SELECT kind, count(*) AS n FROM import_facts WHERE import_id = ? GROUP BY kind').all(row.id) as Array<{ kind: string; n: number }>;
  return {
    id: row.id,
    auditId: row.auditId,
    releaseId: row.releaseId,
    evidenceId: row.evidenceId,
    kind: row.kind as ImportKind,
    kindLabel: importKindLabels[row.kind as ImportKind] ?? row.kind,
    name: name?.name ?? '',
    sha256: row.sha256,
    bytes: row.bytes,
    lines: row.lines,
    detection: row.detection,
    warnings: row.warnings,
    factCount: row.factCount,
    factKinds: Object.fromEntries(kinds.map((k) => [k.kind, k.n])),
    importedBy: row.importedBy,
    importedAt: row.importedAt,
  };
}

export function importRow(core: Core, id: string): ImportRow {
  const row = core.db.select().from(imports).where(eq(imports.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `There is no import with the id ${id}.`);
  return row;
}

export function importSummary(core: Core, id: string): ImportSummary {
  return toSummary(core, importRow(core, id));
}

export function listImports(core: Core, input: { auditId: string; releaseId?: string }): ImportSummary[] {
  getAuditRow(core, input.auditId);
  const where = input.releaseId === undefined ? eq(imports.auditId, input.auditId) : and(eq(imports.auditId, input.auditId), eq(imports.releaseId, input.releaseId));
  return core.db.select().from(imports).where(where).orderBy(desc(imports.importedAt), desc(imports.id)).all().map((row) => toSummary(core, row));
}

export function listFacts(core: Core, input: { importId?: string; releaseId?: string; kind?: Fact['kind']; offset: number; limit: number }): FactPage {
  if (input.importId !== undefined) importRow(core, input.importId);
  if (input.releaseId !== undefined && !core.db.select({ id: releases.id }).from(releases).where(eq(releases.id, input.releaseId)).get()) {
    throw new AppError('NOT_FOUND', `There is no release with the id ${input.releaseId}.`);
  }
  const owner = input.importId !== undefined ? eq(importFacts.importId, input.importId) : eq(importFacts.releaseId, input.releaseId as string);
  const where = input.kind === undefined ? owner : and(owner, eq(importFacts.kind, input.kind));
  const total = core.db.select({ n: sql<number>`count(*)` }).from(importFacts).where(where).get()?.n ?? 0;
  const rows = core.db.select().from(importFacts).where(where).orderBy(asc(importFacts.importId), asc(importFacts.seq)).limit(input.limit).offset(input.offset).all();
  const items: StoredFact[] = rows.map((row) => ({
    id: row.id,
    importId: row.importId,
    releaseId: row.releaseId,
    seq: row.seq,
    lineFrom: row.lineFrom,
    lineTo: row.lineTo,
    fact: row.data as unknown as Fact,
  }));
  return { total, offset: input.offset, items };
}

/** Keeps a file whose facts another domain worked out (an OSV match): the same evidence, import and facts as a read file, recorded once. */
export async function recordComputedImport(core: Core, file: string, target: ImportTarget & { name: string }, result: ImportResult): Promise<ImportOutcome> {
  checkImportTarget(core, target);
  const earlier = sameImport(core, target, result.sha256);
  if (earlier) return { import: earlier, alreadyImported: true, drafted: 0, notes: [] };
  const stored = await storeRaw(core, file, result);
  return { import: importSummary(core, record(core, target, target.name, result, stored)), alreadyImported: false, drafted: 0, notes: [] };
}
