import { toEntry } from './entry';
import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import { printable } from '../../shared/api/format';
import { entryBodies, entryFieldLabels, type EntryKind, type WarRoomBoard, type WarRoomEntry, type WarRoomStatus } from '../../shared/api/warroom';
import { warroomEntries } from '../db/schema';
import { newId, utcNow } from '../ids';
import { getRelease } from '../releases/service';
import { transact, type Core } from '../services';
import { buildBoard } from './board';
import { importedBoard } from './imported';
import { checkOrder, entryRelease, type EntryRelease } from './order';

// Appends to the war-room log, checking each entry's body against its kind and that what it points
// at (a runbook step, an entry to correct or approve) belongs to the same release.

type EntryRow = typeof warroomEntries.$inferSelect;

export { toEntry };

export function addEntry(core: Core, input: { releaseId: string; kind: EntryKind; body: Record<string, unknown>; at?: string | undefined }): WarRoomEntry {
  const release = entryRelease(core, input.releaseId);
  const parsed = entryBodies[input.kind].safeParse(input.body);
  if (!parsed.success) throw new AppError('VALIDATION', `Not recorded: ${describeEntryIssues(parsed.error.issues, input.body)}.`);
  const body = parsed.data as Record<string, unknown>;
  const stepId = body.stepId as string | null | undefined;
  if (stepId && !release.runbook.some((s) => s.id === stepId)) throw new AppError('VALIDATION', 'Runbook step: that step is not part of this release.');
  const pointsAt = (body.correctsId ?? body.changeEntryId) as string | undefined;
  if (pointsAt) {
    const target = core.db.select().from(warroomEntries).where(eq(warroomEntries.id, pointsAt)).get();
    if (!target || target.releaseId !== input.releaseId) throw new AppError('VALIDATION', 'The entry it points at is not in this release\'s log.');
    if (input.kind === 'change-approved' && target.kind !== 'on-the-fly-change') throw new AppError('VALIDATION', 'Only an on-the-fly change can be approved after the event.');
  }
  const recordedAt = utcNow();
  const at = input.at ?? recordedAt;
  checkNotBefore(release, at);
  checkOrder(core, release, input.kind, body, at, recordedAt);
  const row = transact(core, (records) =>
    records.insert('warroom_entries', {
      id: newId(),
      auditId: release.auditId,
      releaseId: input.releaseId,
      kind: input.kind,
      at,
      actor: core.actor,
      body,
      correctsId: input.kind === 'correction' ? (body.correctsId as string) : null,
      recordedAt,
    }),
  );
  return toEntry(row as EntryRow);
}

/** A day of slack before the earliest time the release names. */
const EARLY_SLACK_MS = 24 * 60 * 60_000;

/**
 * The log is kept while the deployment happens: an entry may be written up late, but not dated
 * before anything the release itself knows of (its window, its runbook's plan, or its creation
 * here), less a day of slack. A typo such as 1970 or 2016 for 2026 is refused in words.
 */
function checkNotBefore(release: EntryRelease, at: string): void {
  const known = [release.windowStart, ...release.runbook.map((s) => s.plannedStart), release.createdAt].filter((t): t is string => Boolean(t));
  const earliest = known.reduce((a, b) => (b < a ? b : a));
  const floor = new Date(Date.parse(earliest) - EARLY_SLACK_MS).toISOString();
  if (at < floor) {
    throw new AppError(
      'VALIDATION',
      `at: ${at} is more than a day before anything this release knows of (the earliest is ${earliest}); check the date, or set the release's deployment window first if it really began then.`,
    );
  }
}

/** Each problem of an entry's body in the words of the form: "Observed % must be from 0 to 100". */
function describeEntryIssues(issues: readonly z.core.$ZodIssue[], body: Record<string, unknown>): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const key = String(issue.path[0] ?? '');
      const label = (entryFieldLabels as Record<string, string>)[key] ?? key;
      if (issue.code === 'unrecognized_keys') return `this entry has no field ${issue.keys.slice(0, 10).map(printable).join(', ')}`;
      if (issue.code === 'invalid_type' && body[key] === undefined) return `${label} is required`;
      if (issue.message.startsWith(label)) return issue.message;
      return `${label}: ${issue.message.startsWith('Invalid') || issue.message.includes('UUID') ? 'is not a value this field takes' : issue.message}`;
    })
    .join('; ');
}

/** What the log adds up to, as the API sends it: worked out here from every entry, which go out a page at a time (log.ts). */
export function warRoomStatus(core: Core, releaseId: string): WarRoomStatus {
  const { entries, ...board } = warRoomBoard(core, releaseId);
  return { ...board, entryCount: entries.length };
}

/** The board with every entry (for the checks before a write, and for reports, which carry the whole log). */
export function warRoomBoard(core: Core, releaseId: string): WarRoomBoard {
  const release = getRelease(core, releaseId);
  const rows = core.db.select().from(warroomEntries).where(eq(warroomEntries.releaseId, releaseId)).orderBy(asc(warroomEntries.at), asc(warroomEntries.recordedAt)).all();
  return { ...buildBoard(releaseId, rows.map(toEntry), release.runbook), imported: importedBoard(core, releaseId, release.runbook) };
}

