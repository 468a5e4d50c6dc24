import { and, asc, eq, isNull } from 'drizzle-orm';
import type { ChecklistResult } from '../../shared/api/checklist';
import { AppError } from '../../shared/api/errors';
import type { ChecklistResult as ResultValue } from '../../shared/enums';
import { checklistResults } from '../db/schema';
import { derivedId, utcNow } from '../ids';
import { getAuditRow, requireAudit, rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';
import { getRelease } from '../releases/service';
import { isItemOf, pinnedVersion } from './pinned';

// Results of the audit's pinned checklist, one per item; recording again replaces the result and
// the ledger keeps every earlier one.

export function recordResult(core: Core, input: { auditId: string; releaseId?: string | null; itemKey: string; result: ResultValue; note: string }): ChecklistResult {
  const releaseId = input.releaseId ?? null;
  const audit = getAuditRow(core, input.auditId);
  if (!audit.templateVersionId) throw new AppError('VALIDATION', 'Pin a checklist template version to the audit before recording results.');
  if (!isItemOf(core, audit.templateVersionId, input.itemKey)) {
    const version = pinnedVersion(core, audit.templateVersionId);
    throw new AppError('VALIDATION', `itemKey: "${input.itemKey}" is not an item of v${version.version} of "${version.templateName}".`);
  }
  if (releaseId && getRelease(core, releaseId).auditId !== input.auditId) throw new AppError('VALIDATION', 'releaseId: that release belongs to another audit.');
  const now = utcNow();
  const existing = core.db
    .select()
    .from(checklistResults)
    .where(
      and(
        eq(checklistResults.auditId, input.auditId),
        eq(checklistResults.itemKey, input.itemKey),
        releaseId ? eq(checklistResults.releaseId, releaseId) : isNull(checklistResults.releaseId),
      ),
    )
    .get();
  const row = transact(core, (records) =>
    existing
      ? records.update('checklist_results', existing.id, { result: input.result, note: input.note, recordedBy: core.actor, recordedAt: now })
      : records.insert('checklist_results', {
          id: derivedId('checklist_results', input.auditId, releaseId ?? null, input.itemKey),
          auditId: input.auditId,
          releaseId,
          templateVersionId: audit.templateVersionId,
          itemKey: input.itemKey,
          result: input.result,
          note: input.note,
          recordedBy: core.actor,
          recordedAt: now,
        }),
  );
  return toResult(core, row as typeof checklistResults.$inferSelect);
}

export function listResults(core: Core, auditId: string, releaseId?: string): ChecklistResult[] {
  requireAudit(core, auditId);
  const where = releaseId ? and(eq(checklistResults.auditId, auditId), eq(checklistResults.releaseId, releaseId)) : eq(checklistResults.auditId, auditId);
  return core.db.select().from(checklistResults).where(where).orderBy(asc(checklistResults.recordedAt)).all().map((r) => toResult(core, r));
}

export function resultRow(core: Core, id: string): typeof checklistResults.$inferSelect {
  return rowOrNotFound(core, 'checklist_results', id, 'checklist result');
}

function toResult(core: Core, row: typeof checklistResults.$inferSelect): ChecklistResult {
  const evidence = core.sqlite.prepare("SELECT count(*) AS n FROM evidence_links WHERE target_type = 'checklist-result' AND target_id = ?").get(row.id) as { n: number };
  const finding = core.sqlite.prepare('SELECT id FROM findings WHERE source_result_id = ?').get(row.id) as { id: string } | undefined;
  return {
    id: row.id,
    auditId: row.auditId,
    releaseId: row.releaseId,
    itemKey: row.itemKey,
    result: row.result as ResultValue,
    note: row.note,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt,
    evidenceCount: evidence.n,
    findingId: finding?.id ?? null,
  };
}
