import path from 'node:path';
import { asc, desc, eq } from 'drizzle-orm';
import type { MethodOutput, MethodParsedInput } from '../../shared/api/contract';
import type { CustodyEntry, Evidence } from '../../shared/api/evidence';
import { AppError } from '../../shared/api/errors';
import { custodyEvents, evidence } from '../db/schema';
import { getAudit } from '../audits/service';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';
import type { PutOptions } from '../vault/vault';
import { detectMediaType } from './media-type';

// Evidence: the file goes into the vault first; its record and custody entry are committed after,
// in one transaction, so a failure leaves at most an unreferenced (deduplicated) object behind.

export async function addEvidenceFile(
  core: Core,
  input: MethodParsedInput<'evidence.addFile'>,
  options: PutOptions = {},
): Promise<MethodOutput<'evidence.addFile'>> {
  getAudit(core, input.auditId);
  const sourcePath = path.resolve(input.path);
  const stored = await core.vault.putFile(sourcePath, options);
  const mediaType = input.mediaType ?? (await detectMediaType(sourcePath));
  const capturedAt = utcNow();
  const row = transact(core, (records) => {
    const created = records.insert('evidence', {
      id: newId(),
      auditId: input.auditId,
      sha256: stored.sha256,
      size: stored.size,
      mediaType,
      originalName: input.originalName ?? path.basename(sourcePath),
      capturedBy: core.actor,
      capturedAt,
      refersTo: input.refersTo,
      sourceSystem: input.sourceSystem,
      captureMethod: input.captureMethod,
      note: input.note,
    });
    records.insert('custody_events', {
      id: newId(),
      evidenceId: created.id,
      event: 'captured',
      actor: core.actor,
      at: capturedAt,
      detail: stored.existed
        ? `Stored from ${sourcePath}; identical content was already in the vault.`
        : `Stored from ${sourcePath}.`,
    });
    return created;
  });
  return { ...toEvidence(row), alreadyInVault: stored.existed };
}

export function listEvidence(core: Core, auditId: string): Evidence[] {
  getAudit(core, auditId);
  return core.db
    .select()
    .from(evidence)
    .where(eq(evidence.auditId, auditId))
    .orderBy(desc(evidence.capturedAt), desc(evidence.id))
    .all()
    .map(toEvidence);
}

export function custodyLog(core: Core, evidenceId: string): CustodyEntry[] {
  if (!core.db.select({ id: evidence.id }).from(evidence).where(eq(evidence.id, evidenceId)).get()) {
    throw new AppError('NOT_FOUND', `There is no evidence with the id ${evidenceId}.`);
  }
  return core.db
    .select()
    .from(custodyEvents)
    .where(eq(custodyEvents.evidenceId, evidenceId))
    .orderBy(asc(custodyEvents.at), asc(custodyEvents.id))
    .all() as CustodyEntry[];
}

function toEvidence(row: Record<string, unknown>): Evidence {
  const r = row as typeof evidence.$inferSelect;
  return { ...r, captureMethod: r.captureMethod as Evidence['captureMethod'] };
}
