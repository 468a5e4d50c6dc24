import type Database from 'better-sqlite3';
import { AppError } from '../../shared/api/errors';
import type { EntryKind, WarRoomEntry } from '../../shared/api/warroom';
import { formatInZone } from '../../shared/time';
import { statementsOf } from '../common/statements';
import type { Release } from '../../shared/api/releases';
import type { Core } from '../services';
import { buildBoard } from './board';
import { toEntry } from './entry';

// The checks before a war-room entry is added read only the entries the new one is about (its step's
// starts and finishes, the change it approves and that change's approvals, the release's rollbacks)
// and the corrections that may void them, each through an index: adding to a log of 50,000 entries
// costs what adding to a log of 50 does. The board of that subset answers exactly as the whole log's
// board would for those questions, since nothing else in the log bears on them.

const columns = 'id, audit_id AS auditId, release_id AS releaseId, kind, at, actor, body, corrects_id AS correctsId, recorded_at AS recordedAt';

/** The entry's subject (a runbook step or a change), as warroom_entries_subject_idx keys it. */
const subject = "coalesce(json_extract(body, '$.stepId'), json_extract(body, '$.changeEntryId'))";

type RawRow = Omit<WarRoomEntry, 'body'> & { body: string };

/** What the checks need of the release: its audit, the times it knows of and its runbook's plan. */
export type EntryRelease = Pick<Release, 'id' | 'auditId' | 'windowStart' | 'createdAt'> & { runbook: Array<Pick<Release['runbook'][number], 'id' | 'title' | 'plannedStart' | 'plannedEnd'>> };

const prepared = statementsOf((sqlite: Database.Database) => ({
  release: sqlite.prepare('SELECT id, audit_id AS auditId, window_start AS windowStart, created_at AS createdAt FROM releases WHERE id = ?'),
  runbook: sqlite.prepare('SELECT id, title, planned_start AS plannedStart, planned_end AS plannedEnd FROM runbook_steps WHERE release_id = ? ORDER BY position'),
  about: sqlite.prepare(`SELECT ${columns} FROM warroom_entries WHERE release_id = @releaseId AND kind IN ('step-started', 'step-finished') AND ${subject} = @stepId
    UNION ALL SELECT ${columns} FROM warroom_entries WHERE release_id = @releaseId AND kind = 'change-approved' AND ${subject} = @changeId
    UNION ALL SELECT ${columns} FROM warroom_entries WHERE id = @changeId AND release_id = @releaseId
    UNION ALL SELECT ${columns} FROM warroom_entries WHERE release_id = @releaseId AND kind IN ('rollback-started', 'rollback-finished')`),
  corrections: sqlite.prepare(`SELECT ${columns} FROM warroom_entries WHERE corrects_id IN (SELECT value FROM json_each(?)) AND kind = 'correction'`),
}));

/** The release an entry is added to, read in two indexed statements (not the whole release with its tickets and components). */
export function entryRelease(core: Core, releaseId: string): EntryRelease {
  const s = prepared(core.sqlite);
  const row = s.release.get(releaseId) as Omit<EntryRelease, 'runbook'> | undefined;
  if (!row) throw new AppError('NOT_FOUND', `There is no release with the id ${releaseId}.`);
  return { ...row, runbook: s.runbook.all(releaseId) as EntryRelease['runbook'] };
}

/** The entries about a step, a change and the rollbacks, with every correction of them (and of those, in turn). */
function entriesAbout(sqlite: Database.Database, releaseId: string, stepId: string | null, changeId: string | null): WarRoomEntry[] {
  const s = prepared(sqlite);
  const found = new Map<string, WarRoomEntry>();
  const add = (rows: RawRow[]) => {
    const added: string[] = [];
    for (const row of rows) {
      if (found.has(row.id) || row.releaseId !== releaseId) continue;
      found.set(row.id, toEntry({ ...row, body: JSON.parse(row.body) as Record<string, unknown> }));
      added.push(row.id);
    }
    return added;
  };
  let wave = add(s.about.all({ releaseId, stepId, changeId }) as RawRow[]);
  // A chain of voids is as long as people made it; each link is one indexed lookup.
  while (wave.length > 0) wave = add(s.corrections.all(JSON.stringify(wave)) as RawRow[]);
  return [...found.values()].sort((a, b) => a.at.localeCompare(b.at) || a.recordedAt.localeCompare(b.recordedAt));
}

/** What the log already says must allow this entry: no step finished before it started, and so on. */
export function checkOrder(core: Core, release: EntryRelease, kind: EntryKind, body: Record<string, unknown>, at: string, now: string): void {
  if (Date.parse(at) > Date.parse(now) + 5 * 60_000) throw new AppError('VALIDATION', 'at: an entry cannot be dated in the future.');
  const stepId = typeof body.stepId === 'string' ? body.stepId : null;
  const changeId = typeof body.changeEntryId === 'string' ? body.changeEntryId : null;
  const board = buildBoard(release.id, entriesAbout(core.sqlite, release.id, stepId, changeId), release.runbook);
  const step = board.steps.find((s) => s.stepId === body.stepId);
  if (kind === 'step-started' && step?.actualStart) throw new AppError('CONFLICT', `"${step.title}" has already started (${formatInZone(step.actualStart, 'UTC')}).`);
  if (kind === 'step-finished') {
    if (!step?.actualStart) throw new AppError('CONFLICT', `"${step?.title ?? 'That step'}" has not started yet.`);
    if (step.actualEnd) throw new AppError('CONFLICT', `"${step.title}" has already finished.`);
    if (at < step.actualStart) throw new AppError('VALIDATION', `at: "${step.title}" cannot finish before it started (${formatInZone(step.actualStart, 'UTC')}).`);
  }
  if (kind === 'change-approved') {
    const change = board.entries.find((e) => e.id === body.changeEntryId);
    if (change && at < change.at) throw new AppError('VALIDATION', 'at: a change cannot be approved before it was made.');
    if (!board.pendingChanges.some((c) => c.entryId === body.changeEntryId)) throw new AppError('CONFLICT', 'That on-the-fly change is already approved.');
  }
  const open = board.rollbacks.find((r) => r.finishedAt === null);
  if (kind === 'rollback-finished' && !open) throw new AppError('CONFLICT', 'No rollback is running: log its start first.');
  if (kind === 'rollback-finished' && open && at < open.startedAt) throw new AppError('VALIDATION', 'at: a rollback cannot finish before it started.');
  if (kind === 'rollback-started' && open) throw new AppError('CONFLICT', 'A rollback is already running: log its finish first.');
}
