import { and, asc, eq, isNull } from 'drizzle-orm';
import type { ChecklistResult } from '../../shared/api/checklist';
import { AppError } from '../../shared/api/errors';
import type { ChecklistResult as ResultValue } from '../../shared/enums';
import { getAuditRow } from '../audits/rows';
import { checklistResults } from '../db/schema';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';
import { getVersion } from '../templates/service';

// Results of the audit's pinned checklist, one per item; recording again replaces the result and
// the ledger keeps every earlier one.

export function recordResult(core: Core, input: { auditId: string; itemKey: string; result: ResultValue; note: string }): ChecklistResult {
  const audit = getAuditRow(core, input.auditId);
  if (!audit.templateVersionId) throw new AppError('VALIDATION', 'Pin a checklist template version to the audit before recording results.');
  const version = getVersion(core, audit.templateVersionId);
  if (!version.content.items.some((item) => item.key === input.itemKey)) {
    throw new AppError('VALIDATION', `itemKey: "${input.itemKey}" is not an item of v${version.version} of "${version.templateName}".`);
  }
  const now = utcNow();
  const existing = core.db
    .select()
    .from(checklistResults)
    .where(and(eq(checklistResults.auditId, input.auditId), eq(checklistResults.itemKey, input.itemKey), isNull(checklistResults.releaseId)))
    .get();
  const row = transact(core, (records) =>
    existing
      ? records.update('checklist_results', existing.id, { result: input.result, note: input.note, recordedBy: core.actor, recordedAt: now })
      : records.insert('checklist_results', {
          id: newId(),
          auditId: input.auditId,
          releaseId: null,
          templateVersionId: audit.templateVersionId,
          itemKey: input.itemKey,
          result: input.result,
          note: input.note,
          recordedBy: core.actor,
          recordedAt: now,
        }),
  );
  return toResult(row as typeof checklistResults.$inferSelect);
}

export function listResults(core: Core, auditId: string): ChecklistResult[] {
  getAuditRow(core, auditId);
  return core.db.select().from(checklistResults).where(eq(checklistResults.auditId, auditId)).orderBy(asc(checklistResults.recordedAt)).all().map(toResult);
}

function toResult(row: typeof checklistResults.$inferSelect): ChecklistResult {
  return { id: row.id, auditId: row.auditId, itemKey: row.itemKey, result: row.result as ResultValue, note: row.note, recordedBy: row.recordedBy, recordedAt: row.recordedAt };
}
