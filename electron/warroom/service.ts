import { asc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { describeIssues } from '../../shared/api/format';
import { entryBodies, type EntryKind, type WarRoomBoard, type WarRoomEntry } from '../../shared/api/warroom';
import { warroomEntries } from '../db/schema';
import { newId, utcNow } from '../ids';
import { getRelease } from '../releases/service';
import { transact, type Core } from '../services';
import { buildBoard } from './board';

// Appends to the war-room log, checking each entry's body against its kind and that what it points
// at (a runbook step, an entry to correct or approve) belongs to the same release.

type EntryRow = typeof warroomEntries.$inferSelect;

export function addEntry(core: Core, input: { releaseId: string; kind: EntryKind; body: Record<string, unknown>; at?: string | undefined }): WarRoomEntry {
  const release = getRelease(core, input.releaseId);
  const parsed = entryBodies[input.kind].safeParse(input.body);
  if (!parsed.success) throw new AppError('VALIDATION', `A ${input.kind} entry needs: ${describeIssues(parsed.error.issues, input.body)}.`);
  const body = parsed.data as Record<string, unknown>;
  const stepId = body.stepId as string | null | undefined;
  if (stepId && !release.runbook.some((s) => s.id === stepId)) throw new AppError('VALIDATION', 'body.stepId: that runbook step is not part of this release.');
  const pointsAt = (body.correctsId ?? body.changeEntryId) as string | undefined;
  if (pointsAt) {
    const target = core.db.select().from(warroomEntries).where(eq(warroomEntries.id, pointsAt)).get();
    if (!target || target.releaseId !== input.releaseId) throw new AppError('VALIDATION', 'The entry it points at is not in this release\'s log.');
    if (input.kind === 'change-approved' && target.kind !== 'on-the-fly-change') throw new AppError('VALIDATION', 'Only an on-the-fly change can be approved after the event.');
  }
  const recordedAt = utcNow();
  const row = transact(core, (records) =>
    records.insert('warroom_entries', {
      id: newId(),
      auditId: release.auditId,
      releaseId: input.releaseId,
      kind: input.kind,
      at: input.at ?? recordedAt,
      actor: core.actor,
      body,
      correctsId: input.kind === 'correction' ? (body.correctsId as string) : null,
      recordedAt,
    }),
  );
  return toEntry(row as EntryRow);
}

export function warRoomBoard(core: Core, releaseId: string): WarRoomBoard {
  const release = getRelease(core, releaseId);
  const rows = core.db.select().from(warroomEntries).where(eq(warroomEntries.releaseId, releaseId)).orderBy(asc(warroomEntries.at), asc(warroomEntries.recordedAt)).all();
  return buildBoard(releaseId, rows.map(toEntry), release.runbook);
}

function toEntry(row: EntryRow): WarRoomEntry {
  return {
    id: row.id,
    auditId: row.auditId,
    releaseId: row.releaseId as string,
    kind: row.kind as EntryKind,
    at: row.at,
    recordedAt: row.recordedAt || row.at,
    actor: row.actor,
    body: row.body,
    correctsId: row.correctsId,
  };
}
