import type Database from 'better-sqlite3';
import type { EntryKind, WarRoomLogPage } from '../../shared/api/warroom';
import { statementsOf } from '../common/statements';
import { decodeCursor, pageFrom, stringKey } from '../common/paging';
import { getRelease } from '../releases/service';
import type { Core } from '../services';
import { correctionsOf, voidedBy } from './board';
import { toEntry } from './entry';

// The war-room log a page at a time, newest first (when it happened, when it was recorded, its id),
// read along the index (release, at, recorded_at, id). Whether an entry is voided and which
// corrections it has follow from the log's corrections alone, read once per page.

const columns = 'id, audit_id AS auditId, release_id AS releaseId, kind, at, actor, body, corrects_id AS correctsId, recorded_at AS recordedAt';
const order = 'ORDER BY at DESC, recorded_at DESC, id DESC LIMIT @limit';

const prepared = statementsOf((sqlite: Database.Database) => {
  return {
    first: sqlite.prepare(`SELECT ${columns} FROM warroom_entries WHERE release_id = @releaseId ${order}`),
    after: sqlite.prepare(`SELECT ${columns} FROM warroom_entries WHERE release_id = @releaseId AND (at, recorded_at, id) < (@at, @recordedAt, @id) ${order}`),
    corrections: sqlite.prepare(`SELECT id, kind, body FROM warroom_entries WHERE release_id = ? AND kind = 'correction' ORDER BY at, recorded_at, id`),
    count: sqlite.prepare('SELECT count(*) FROM warroom_entries WHERE release_id = ?').pluck(),
  };
});

type RawRow = { id: string; auditId: string; releaseId: string; kind: string; at: string; actor: string; body: string; correctsId: string | null; recordedAt: string };

/** One page of the release's log, newest first, with the total and the cursor of the next page. */
export function pageEntries(core: Core, input: { releaseId: string; cursor?: string | null; limit: number }): WarRoomLogPage {
  getRelease(core, input.releaseId);
  const s = prepared(core.sqlite);
  const start = input.cursor ? decodeCursor(input.cursor, stringKey(3)) : null;
  const params = { releaseId: input.releaseId, limit: input.limit + 1, ...(start ? { at: start[0], recordedAt: start[1], id: start[2] } : {}) };
  // One more row than asked tells whether another page follows; the cursor keeps the stored recorded_at.
  const raw = (start ? s.after : s.first).all(params) as RawRow[];
  const corrections = (s.corrections.all(input.releaseId) as Array<{ id: string; kind: EntryKind; body: string }>).map((c) => ({ ...c, body: JSON.parse(c.body) as Record<string, unknown> }));
  const isVoided = voidedBy(corrections);
  const correctedBy = correctionsOf(corrections);
  const { rows: page, nextCursor } = pageFrom(raw, input.limit, (last) => [last.at, last.recordedAt, last.id]);
  const rows = page.map((row) => {
    const entry = toEntry({ ...row, body: JSON.parse(row.body) as Record<string, unknown> });
    return { ...entry, voided: isVoided(entry.id), correctedBy: correctedBy.get(entry.id) ?? [] };
  });
  return { rows, nextCursor, total: s.count.get(input.releaseId) as number };
}
