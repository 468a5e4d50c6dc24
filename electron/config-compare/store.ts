import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { ImportOutcome } from '../../shared/api/import-methods';
import { importKindLabels, type Fact } from '../../shared/api/imports';
import { recordedInAudit } from '../evidence/duplicates';
import { insertEvidence } from '../evidence/service';
import { newId, utcNow } from '../ids';
import { checkImportTarget, importSummary, type ImportTarget } from '../imports/store';
import { transact, type Core } from '../services';
import { MAX_CONFIG_BYTES } from './read-config';

// A comparison kept as evidence: the compared files and the comparison document go into the vault,
// and an import (kind config-parity or config-drift) records the document with one fact per
// difference, all in one transaction, so a refused comparison leaves nothing behind. The same
// files compared with the same ignore list give the same document: comparing again changes nothing.

export interface ComparedFile {
  /** Where the bytes are (an uploaded file in the inbox, or a path the CLI was given). */
  file: string;
  name: string;
  /** What the file is in the comparison: A, B, desired state, live state before, live state after. */
  role: string;
}

/** Reads a file to compare, refusing one too big before reading it. */
export function readCompared(file: ComparedFile): { name: string; bytes: Buffer; sha256: string } {
  const stat = fs.statSync(file.file, { throwIfNoEntry: false });
  if (!stat) throw new AppError('NOT_FOUND', `There is no file at ${file.file}.`);
  if (!stat.isFile()) throw new AppError('VALIDATION', `${file.name} is not a regular file.`);
  if (stat.size > MAX_CONFIG_BYTES) throw new AppError('VALIDATION', `${file.name} is ${(stat.size / 1048576).toFixed(1)} MB; configuration files over ${MAX_CONFIG_BYTES / 1048576} MB are not compared.`);
  const bytes = fs.readFileSync(file.file);
  return { name: file.name, bytes, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

export async function keepComparison(
  core: Core,
  target: ImportTarget,
  kind: 'config-parity' | 'config-drift',
  files: Array<ComparedFile & { sha256: string }>,
  document: { name: string; text: string },
  facts: Fact[],
): Promise<ImportOutcome> {
  checkImportTarget(core, target);
  const aside = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-compare-'));
  try {
    const docFile = path.join(aside, 'comparison.txt');
    fs.writeFileSync(docFile, document.text);
    const docSha = crypto.createHash('sha256').update(document.text).digest('hex');
    const earlier = core.sqlite
      .prepare(`SELECT id FROM imports WHERE audit_id = ? AND sha256 = ? AND kind = ? AND ${target.releaseId === null ? 'release_id IS NULL' : 'release_id = ?'}`)
      .get(...[target.auditId, docSha, kind, ...(target.releaseId === null ? [] : [target.releaseId])]) as { id: string } | undefined;
    if (earlier) return { import: importSummary(core, earlier.id), alreadyImported: true, drafted: 0, notes: [] };
    const stored: Array<{ file: ComparedFile; put: { sha256: string; size: number; existed: boolean } }> = [];
    for (const file of files) {
      const put = await core.vault.putFile(file.file);
      if (put.sha256 !== file.sha256) throw new AppError('CONFLICT', `${file.name} changed while it was being compared: compare it again once it is complete.`);
      stored.push({ file, put });
    }
    const doc = await core.vault.putFile(docFile);
    const label = importKindLabels[kind];
    const at = utcNow();
    const links = target.releaseId ? [{ targetType: 'release' as const, targetId: target.releaseId }] : [];
    const id = transact(core, (records) => {
      const evidenceFor = (put: { sha256: string; size: number; existed: boolean }, name: string, mediaType: string, detail: string) =>
        recordedInAudit(core, target.auditId, put.sha256)?.id ??
        insertEvidence(records, core, put, { auditId: target.auditId, originalName: name, mediaType, refersTo: null, sourceSystem: label, captureMethod: 'import', note: '', links, custodyDetail: detail }, at).id;
      for (const { file, put } of stored) evidenceFor(put, file.name, 'text/plain', `Compared as the ${file.role} of a ${label.toLowerCase()}.`);
      const evidenceId = evidenceFor(doc, document.name, 'text/plain', `The ${label.toLowerCase()} of ${files.map((f) => f.name).join(', ')}, written by Release Audit.`);
      const created = records.insert('imports', {
        id: newId(),
        auditId: target.auditId,
        releaseId: target.releaseId,
        evidenceId,
        kind,
        sha256: doc.sha256,
        bytes: doc.size,
        lines: document.text.split('\n').length,
        detection: `Compared ${files.map((f) => `${f.role} ${f.name} (SHA-256 ${f.sha256.slice(0, 12)}…)`).join(', ')}.`,
        warnings: [],
        factCount: facts.length,
        importedBy: core.actor,
        importedAt: at,
      });
      facts.forEach((fact, seq) => {
        records.insert('import_facts', { id: newId(), importId: created.id, auditId: target.auditId, releaseId: target.releaseId, kind: fact.kind, seq, lineFrom: fact.lines[0], lineTo: fact.lines[1], data: fact as unknown as Record<string, unknown> });
      });
      return created.id;
    });
    return { import: importSummary(core, id), alreadyImported: false, drafted: 0, notes: [] };
  } finally {
    fs.rmSync(aside, { recursive: true, force: true });
  }
}
