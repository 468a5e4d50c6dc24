import type Database from 'better-sqlite3';
import type { ChecklistResult, ChecklistResultPage } from '../../shared/api/checklist';
import { AppError } from '../../shared/api/errors';
import { statementsOf } from '../common/statements';
import { decodeCursor, pageFrom, stringKey } from '../common/paging';
import { requireAudit } from '../rows';
import type { Core } from '../services';
import { getRelease } from '../releases/service';

// A checklist's results a page at a time, item by item (item key, then id: neither changes when a
// result is recorded again, so a page never repeats or skips a result). Each row's evidence count
// and the finding raised from it come in the same query, along their indexes.

const columns = `id, audit_id AS auditId, release_id AS releaseId, item_key AS itemKey, result, note, recorded_by AS recordedBy, recorded_at AS recordedAt,
  (SELECT count(*) FROM evidence_links e WHERE e.target_type = 'checklist-result' AND e.target_id = c.id) AS evidenceCount,
  (SELECT f.id FROM findings f WHERE f.source_result_id = c.id LIMIT 1) AS findingId`;
const after = '(c.item_key > @key OR (c.item_key = @key AND c.id > @id))';

const prepared = statementsOf((sqlite: Database.Database) => {
  const page = (where: string) => sqlite.prepare(`SELECT ${columns} FROM checklist_results c WHERE ${where} ORDER BY c.item_key, c.id LIMIT @limit`);
  // A release's results are read along the release's index; the audit is checked on each row.
  const ofRelease = 'c.release_id = @releaseId AND +c.audit_id = @auditId';
  return {
    first: page('c.audit_id = @auditId'),
    after: page(`c.audit_id = @auditId AND ${after}`),
    firstOfRelease: page(ofRelease),
    afterOfRelease: page(`${ofRelease} AND ${after}`),
    count: sqlite.prepare('SELECT count(*) FROM checklist_results WHERE audit_id = ?').pluck(),
    countOfRelease: sqlite.prepare('SELECT count(*) FROM checklist_results WHERE release_id = @releaseId AND +audit_id = @auditId').pluck(),
  };
});

/** One page of the audit's results (or one release's), with the total and the cursor of the next page. */
export function pageResults(core: Core, input: { auditId: string; releaseId?: string | undefined; cursor?: string | null; limit: number }): ChecklistResultPage {
  requireAudit(core, input.auditId);
  if (input.releaseId && getRelease(core, input.releaseId).auditId !== input.auditId) throw new AppError('VALIDATION', 'releaseId: that release belongs to another audit.');
  const s = prepared(core.sqlite);
  const start = input.cursor ? decodeCursor(input.cursor, stringKey(2)) : null;
  const params = { auditId: input.auditId, limit: input.limit + 1, ...(input.releaseId ? { releaseId: input.releaseId } : {}), ...(start ? { key: start[0], id: start[1] } : {}) };
  const statement = input.releaseId ? (start ? s.afterOfRelease : s.firstOfRelease) : start ? s.after : s.first;
  // One more row than asked tells whether another page follows.
  const rows = statement.all(params) as ChecklistResult[];
  const total = (input.releaseId ? s.countOfRelease.get({ auditId: input.auditId, releaseId: input.releaseId }) : s.count.get(input.auditId)) as number;
  return { ...pageFrom(rows, input.limit, (last) => [last.itemKey, last.id]), total };
}
