import type Database from 'better-sqlite3';
import { and, asc, eq } from 'drizzle-orm';
import type { ChecklistResult } from '../../shared/api/checklist';
import { AppError } from '../../shared/api/errors';
import type { ChecklistResult as ResultValue } from '../../shared/enums';
import { checklistResults } from '../db/schema';
import { derivedId, utcNow } from '../ids';
import { statementsOf } from '../common/statements';
import { requireAudit, rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';
import { getRelease } from '../releases/service';
import { isItemOf, pinnedVersion } from './pinned';

// Results of the audit's pinned checklist, one per item; recording again replaces the result and
// the ledger keeps every earlier one. The reads of a write are prepared once per database (a drizzle
// query is built anew on every call, which cost more than the write's own SQL).

const prepared = statementsOf((sqlite: Database.Database) => ({
  audit: sqlite.prepare('SELECT template_version_id AS templateVersionId FROM audits WHERE id = ?'),
  existing: sqlite.prepare('SELECT id FROM "checklist_results" WHERE audit_id = ? AND item_key = ? AND release_id IS ?').pluck(),
  evidence: sqlite.prepare("SELECT count(*) FROM evidence_links WHERE target_type = 'checklist-result' AND target_id = ?").pluck(),
  finding: sqlite.prepare('SELECT id FROM findings WHERE source_result_id = ?').pluck(),
}));

export function recordResult(core: Core, input: { auditId: string; releaseId?: string | null; itemKey: string; result: ResultValue; note: string }): ChecklistResult {
  const releaseId = input.releaseId ?? null;
  const sql = prepared(core.sqlite);
  const audit = sql.audit.get(input.auditId) as { templateVersionId: string | null } | undefined;
  if (!audit) throw new AppError('NOT_FOUND', `There is no audit with the id ${input.auditId}.`);
  if (!audit.templateVersionId) throw new AppError('VALIDATION', 'Pin a checklist template version to the audit before recording results.');
  if (!isItemOf(core, audit.templateVersionId, input.itemKey)) {
    const version = pinnedVersion(core, audit.templateVersionId);
    throw new AppError('VALIDATION', `itemKey: "${input.itemKey}" is not an item of v${version.version} of "${version.templateName}".`);
  }
  if (releaseId && getRelease(core, releaseId).auditId !== input.auditId) throw new AppError('VALIDATION', 'releaseId: that release belongs to another audit.');
  const now = utcNow();
  const existing = sql.existing.get(input.auditId, input.itemKey, releaseId) as string | undefined;
  const row = transact(core, (records) =>
    existing
      ? records.update('checklist_results', existing, { result: input.result, note: input.note, recordedBy: core.actor, recordedAt: now })
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
  const sql = prepared(core.sqlite);
  const evidence = sql.evidence.get(row.id) as number;
  const finding = sql.finding.get(row.id) as string | undefined;
  return {
    id: row.id,
    auditId: row.auditId,
    releaseId: row.releaseId,
    itemKey: row.itemKey,
    result: row.result as ResultValue,
    note: row.note,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt,
    evidenceCount: evidence,
    findingId: finding ?? null,
  };
}
