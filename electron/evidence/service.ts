import path from 'node:path';
import { Readable } from 'node:stream';
import { and, asc, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { MethodOutput, MethodParsedInput } from '../../shared/api/contract';
import { AppError } from '../../shared/api/errors';
import type { CustodyEntry, Evidence, LinkTarget } from '../../shared/api/evidence';
import type { CaptureMethod } from '../../shared/enums';
import { requireAudit } from '../rows';
import { custodyEvents, evidence, evidenceLinks } from '../db/schema';
import { newId, utcNow } from '../ids';
import { linkTargetKind, tableNameOf } from '../registry/registry';
import type { RecordKind } from '../registry/types';
import { rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';
import type { PutOptions, StoredObject } from '../vault/vault';
import { LATEST_MARK_SQL } from './marks';
import { detectMediaType, isMediaType } from './media-type';
import { chosenFiles } from './chosen-files';
import { emptyFileError, openEvidenceSource } from './source-file';
import type { StagedEvidence } from './staged-file';
import { linkRecorded, recordedInAudit } from './duplicates';

// Evidence: the content goes into the vault first; its record, custody entry and links are committed
// after, in one transaction, so a failure leaves at most an unreferenced (deduplicated) object behind.

export interface EvidenceMeta {
  auditId: string;
  originalName: string;
  mediaType: string;
  refersTo: string | null;
  sourceSystem: string;
  captureMethod: CaptureMethod;
  note: string;
  links?: LinkTarget[];
  custodyDetail: string;
  /** Content already recorded in the audit links that record (see duplicates.ts), unless recorded again on purpose (the CLI). */
  duplicates?: 'link-existing' | 'record-again';
}

/** Stores content from any stream (an upload, pasted text, a checked file) and records it as evidence. */
export async function addEvidenceFromStream(core: Core, source: Readable | AsyncIterable<Uint8Array>, meta: EvidenceMeta, options: PutOptions = {}) {
  // An empty file is refused before it is stored: the vault drops the staged file when the stream fails.
  return addEvidence(core, meta, () => core.vault.putStream(refuseEmpty(source, meta.originalName), options));
}

/** Checks the audit and the link targets, stores the content (`store`), then records it or links the record that has it. */
async function addEvidence(core: Core, meta: EvidenceMeta, store: () => Promise<StoredObject>) {
  requireAudit(core, meta.auditId);
  for (const link of meta.links ?? []) checkTarget(core, link, meta.auditId);
  const stored = await store();
  const recorded = stored.existed && meta.duplicates !== 'record-again' ? recordedInAudit(core, meta.auditId, stored.sha256) : undefined;
  if (recorded) return linkRecorded(toEvidence(recorded), meta.links ?? [], (id, target) => linkEvidence(core, id, target));
  // The bytes decide what a file is, not the label it arrived with: an image is an image only if it looks like one.
  const sniffed = await detectMediaType(core.vault.objectPath(stored.sha256), meta.originalName);
  const claimed = isMediaType(meta.mediaType) ? meta.mediaType : 'application/octet-stream';
  const mediaType = sniffed !== 'application/octet-stream' ? sniffed : /^(image|application\/pdf)/.test(claimed) ? 'application/octet-stream' : claimed;
  return recordEvidence(core, stored, { ...meta, mediaType });
}

async function* refuseEmpty(source: Readable | AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    yield chunk;
  }
  if (size === 0) throw emptyFileError(name);
}

/** The record, custody entry and links of content already in the vault, in one transaction. */
function recordEvidence(core: Core, stored: StoredObject, meta: EvidenceMeta): Evidence & { alreadyInVault: boolean } {
  const capturedAt = utcNow();
  const row = transact(core, (records) => insertEvidence(records, core, stored, meta, capturedAt));
  return { ...toEvidence(row), alreadyInVault: stored.existed };
}

/** The evidence record of content already in the vault, its custody entry and links, inside a caller's transaction (an import records its facts in the same one). */
export function insertEvidence(records: Records, core: Core, stored: StoredObject, meta: EvidenceMeta, capturedAt: string): typeof evidence.$inferSelect {
  const created = records.insert('evidence', {
    id: newId(),
    auditId: meta.auditId,
    sha256: stored.sha256,
    size: stored.size,
    mediaType: meta.mediaType,
    originalName: meta.originalName,
    capturedBy: core.actor,
    capturedAt,
    refersTo: meta.refersTo,
    sourceSystem: meta.sourceSystem,
    captureMethod: meta.captureMethod,
    note: meta.note,
  });
  custody(records, core, created.id, 'captured', `${meta.custodyDetail}${stored.existed ? ' Identical content was already in the vault.' : ''}`, capturedAt);
  for (const link of meta.links ?? []) insertLink(records, core, created.id, link, capturedAt);
  return created;
}

/**
 * A file named by path (the CLI), checked first: see source-file.ts. `staged`: the same file, already
 * checked and copied into this data folder's vault tmp/ (the CLI's `evidence add`, staged-file.ts),
 * which is then taken into the vault as it is instead of being read again.
 */
export async function addEvidenceFile(
  core: Core,
  input: MethodParsedInput<'evidence.addFile'>,
  options: PutOptions & { staged?: StagedEvidence } = {},
): Promise<MethodOutput<'evidence.addFile'>> {
  requireAudit(core, input.auditId);
  return storeNamedFile(
    core,
    input.path,
    {
      auditId: input.auditId,
      originalName: input.originalName ?? path.basename(input.path),
      mediaType: input.mediaType ?? 'application/octet-stream',
      refersTo: input.refersTo,
      sourceSystem: input.sourceSystem,
      captureMethod: input.captureMethod,
      note: input.note,
      duplicates: 'record-again',
    },
    (realPath) => `Stored from ${realPath}${realPath === input.path ? '' : ` (named as ${input.path})`}.`,
    options,
  );
}

/** A file the person chose in the desktop app's file chooser, named by the token the page was given. */
export async function addChosenEvidence(core: Core, input: MethodParsedInput<'evidence.addChosen'>): Promise<Evidence> {
  requireAudit(core, input.auditId);
  const chosen = chosenFiles(core).take(input.token);
  const { alreadyInVault: _existed, ...created } = await storeNamedFile(
    core,
    chosen,
    {
      auditId: input.auditId,
      originalName: path.basename(chosen),
      mediaType: 'application/octet-stream',
      refersTo: input.refersTo,
      sourceSystem: input.sourceSystem,
      captureMethod: 'file',
      note: input.note,
      links: input.links,
    },
    (realPath) => `Chosen in the file chooser: ${realPath}.`,
  );
  return created;
}

async function storeNamedFile(
  core: Core,
  named: string,
  meta: Omit<EvidenceMeta, 'custodyDetail'>,
  detail: (realPath: string) => string,
  { staged, ...options }: PutOptions & { staged?: StagedEvidence } = {},
) {
  if (staged && staged.named === named && staged.dataDir === path.resolve(core.layout.root)) {
    // A copy that could not be made is dropped, and the file is stored the usual way, which says what is wrong with it.
    const copy = await staged.ready.catch(() => undefined);
    if (copy) return addEvidence(core, { ...meta, custodyDetail: detail(staged.realPath) }, () => core.vault.adopt(staged.path, copy.sha256, { synced: true }));
    await staged.discard();
  }
  const source = await openEvidenceSource(core.layout.root, named);
  try {
    // Read, hashed and written through one buffer (the vault's putOpenFile); an empty file is refused and nothing is kept of it.
    const ifEmpty = () => emptyFileError(meta.originalName);
    return await addEvidence(core, { ...meta, custodyDetail: detail(source.realPath) }, () => core.vault.putOpenFile(source.handle.fd, { ...options, ifEmpty }));
  } finally {
    await source.handle.close();
  }
}

export async function addEvidenceText(core: Core, input: MethodParsedInput<'evidence.addText'>): Promise<Evidence> {
  const lines = input.lineStart ? `, lines ${input.lineStart}${input.lineEnd ? `–${input.lineEnd}` : ''}` : '';
  const isJson = input.kind === 'api-response' && /^\s*[[{]/.test(input.text);
  const name =
    input.kind === 'log-excerpt'
      ? `${input.sourceFile || 'log excerpt'}${lines}`
      : `${input.url || 'API response'}`;
  const { alreadyInVault: _existed, ...created } = await addEvidenceFromStream(core, Readable.from([Buffer.from(input.text, 'utf8')]), {
    auditId: input.auditId,
    originalName: name.slice(0, 500),
    mediaType: isJson ? 'application/json' : 'text/plain',
    refersTo: input.refersTo,
    sourceSystem: input.sourceSystem,
    captureMethod: input.kind,
    note: [input.note, input.url && input.kind === 'log-excerpt' ? `URL: ${input.url}` : ''].filter(Boolean).join('\n'),
    links: input.links,
    custodyDetail: input.kind === 'log-excerpt' ? `Log excerpt pasted from ${input.sourceSystem || 'an unnamed system'}${lines}.` : `API response from ${input.url || 'an unnamed address'}.`,
  });
  return created;
}

export function linkEvidence(core: Core, evidenceId: string, target: LinkTarget): { linked: boolean } {
  const row = evidenceRow(core, evidenceId);
  checkTarget(core, target, row.auditId);
  const existing = core.db
    .select()
    .from(evidenceLinks)
    .where(and(eq(evidenceLinks.evidenceId, evidenceId), eq(evidenceLinks.targetType, target.targetType), eq(evidenceLinks.targetId, target.targetId)))
    .get();
  if (existing) return { linked: false };
  transact(core, (records) => insertLink(records, core, evidenceId, target, utcNow()));
  return { linked: true };
}

export function evidenceForTarget(core: Core, target: LinkTarget): Evidence[] {
  const ids = core.db
    .select({ id: evidenceLinks.evidenceId })
    .from(evidenceLinks)
    .where(and(eq(evidenceLinks.targetType, target.targetType), eq(evidenceLinks.targetId, target.targetId)))
    .all()
    .map((r) => r.id);
  if (ids.length === 0) return [];
  return core.db.select().from(evidence).where(inArray(evidence.id, ids)).orderBy(asc(evidence.capturedAt)).all().map(toEvidence);
}

/** Records that someone looked at or exported a piece of evidence. */
export function recordCustody(core: Core, evidenceId: string, event: 'viewed' | 'exported', detail: string): void {
  evidenceRow(core, evidenceId);
  transact(core, (records) => custody(records, core, evidenceId, event, detail, utcNow()));
}

export function evidenceRow(core: Core, id: string): typeof evidence.$inferSelect {
  return rowOrNotFound(core, 'evidence', id, 'evidence');
}

export function listEvidence(core: Core, auditId: string): Evidence[] {
  requireAudit(core, auditId);
  // Each piece with its latest confidentiality mark, in the same query.
  const latestMark = sql<number | null>`(${sql.raw(LATEST_MARK_SQL.replace('?', '"evidence"."id"'))})`;
  return core.db
    .select({ ...getTableColumns(evidence), marked: latestMark })
    .from(evidence)
    .where(eq(evidence.auditId, auditId))
    .orderBy(desc(evidence.capturedAt), desc(evidence.id))
    .all()
    .map(({ marked, ...row }) => ({ ...toEvidence(row), confidential: marked === 1 }));
}

export function custodyLog(core: Core, evidenceId: string): CustodyEntry[] {
  evidenceRow(core, evidenceId);
  return core.db
    .select()
    .from(custodyEvents)
    .where(eq(custodyEvents.evidenceId, evidenceId))
    .orderBy(asc(custodyEvents.at), asc(custodyEvents.id))
    .all() as CustodyEntry[];
}

type Records = Parameters<Parameters<typeof transact>[1]>[0];

function custody(records: Records, core: Core, evidenceId: string, event: CustodyEntry['event'], detail: string, at: string): void {
  records.insert('custody_events', { id: newId(), evidenceId, event, actor: core.actor, at, detail });
}

function insertLink(records: Records, core: Core, evidenceId: string, target: LinkTarget, at: string): void {
  records.insert('evidence_links', { id: newId(), evidenceId, targetType: target.targetType, targetId: target.targetId, linkedBy: core.actor, linkedAt: at });
  custody(records, core, evidenceId, 'linked', `Linked to ${target.targetType} ${target.targetId}.`, at);
}

/** The record kind a link type names (from the registry); a type it does not know is refused. */
function targetKind(targetType: string): RecordKind {
  const kind = linkTargetKind(targetType);
  if (!kind) throw new AppError('VALIDATION', `Evidence cannot be linked to a ${targetType.replace('-', ' ')}.`);
  return kind;
}

/** The record exists, and belongs to the same audit as the evidence: evidence never crosses audits. */
function checkTarget(core: Core, target: LinkTarget, auditId: string): void {
  const kind = targetKind(target.targetType);
  const found = core.sqlite.prepare(`SELECT audit_id AS auditId FROM "${tableNameOf(kind)}" WHERE id = ?`).get(target.targetId) as { auditId: string } | undefined;
  if (!found) throw new AppError('NOT_FOUND', `There is no ${target.targetType.replace('-', ' ')} with the id ${target.targetId}.`);
  if (found.auditId !== auditId) throw new AppError('VALIDATION', `That ${target.targetType.replace('-', ' ')} belongs to another audit: evidence is linked within its own audit only.`);
}

function toEvidence(row: Record<string, unknown>): Evidence {
  const r = row as typeof evidence.$inferSelect;
  return { ...r, captureMethod: r.captureMethod as Evidence['captureMethod'] };
}

/** Every record a piece of evidence supports, named for a person. */
export function evidenceLinksOf(core: Core, evidenceId: string): Array<LinkTarget & { label: string }> {
  evidenceRow(core, evidenceId);
  return core.db
    .select()
    .from(evidenceLinks)
    .where(eq(evidenceLinks.evidenceId, evidenceId))
    .orderBy(asc(evidenceLinks.linkedAt))
    .all()
    .map((link) => {
      const targetType = link.targetType as LinkTarget['targetType'];
      const query = linkTargetKind(targetType)?.linkTarget?.label;
      const label = (query ? (core.sqlite.prepare(query).get(link.targetId) as { label: string } | undefined)?.label : undefined) ?? targetType;
      return { targetType, targetId: link.targetId, label };
    });
}
