import { and, asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { InterviewFields, type Interview, type InterviewNote } from '../../shared/api/interviews';
import { interviewNotes, interviews } from '../db/schema';
import { newId, utcNow } from '../ids';
import { loadLibrary } from '../library/library';
import { getRelease } from '../releases/service';
import { requireAudit, rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';
import { changedFields } from '../changed-fields';
import { decodeCursor, pageFrom, stringKey } from '../common/paging';

// Interviews: planned and held, with consent, answers, undocumented "tribal knowledge" steps,
// follow-up actions and links to controls and findings. Saved field by field as the auditor types;
// what was said goes into an append-only log of notes.

type InterviewRow = typeof interviews.$inferSelect;
const fieldNames = Object.keys(InterviewFields.shape) as Array<keyof InterviewFields>;

export function createInterview(core: Core, input: Partial<InterviewFields> & { auditId: string; interviewee: string }): Interview {
  requireAudit(core, input.auditId);
  const { auditId, ...fields } = input;
  // Whoever plans the interview is its interviewer until someone says otherwise (the API's parse
  // fills a missing interviewer with '', so an empty one counts as not given).
  const parsed = InterviewFields.parse({ ...fields, interviewer: fields.interviewer?.trim() || core.actor });
  checkLinks(core, auditId, parsed);
  const now = utcNow();
  const row = transact(core, (records) => records.insert('interviews', { id: newId(), auditId, ...parsed, createdAt: now, updatedAt: now }));
  return toInterview(row as InterviewRow);
}

export function saveInterview(core: Core, input: Partial<InterviewFields> & { id: string }): Interview {
  const row = interviewRow(core, input.id);
  const { id, ...fields } = input;
  const current = toInterview(row);
  checkLinks(core, row.auditId, { ...current, ...fields });
  const changed = changedFields(fields, current);
  if (Object.keys(changed).length === 0) return current;
  transact(core, (records) => records.update('interviews', id, { ...changed, updatedAt: utcNow() }));
  return toInterview(interviewRow(core, id));
}

export function listInterviews(core: Core, auditId: string): Interview[] {
  requireAudit(core, auditId);
  return core.db.select().from(interviews).where(eq(interviews.auditId, auditId)).orderBy(asc(interviews.createdAt)).all().map(toInterview);
}

/**
 * Appends a note to an interview's log, as the current auditor, now. Notes are never edited, so notes
 * written on two laptops at once merge side by side; a correction names the note it corrects.
 */
export function addInterviewNote(core: Core, input: { interviewId: string; text: string; correctsId?: string | null | undefined }): InterviewNote {
  const interview = interviewRow(core, input.interviewId);
  const text = input.text.trim();
  if (!text) throw new AppError('VALIDATION', 'text: a note needs some text.');
  const correctsId = input.correctsId ?? null;
  if (correctsId) {
    const target = core.db.select().from(interviewNotes).where(eq(interviewNotes.id, correctsId)).get();
    if (!target || target.interviewId !== interview.id) throw new AppError('VALIDATION', 'correctsId: the note it corrects is not part of this interview.');
  }
  const row = transact(core, (records) =>
    records.insert('interview_notes', { id: newId(), auditId: interview.auditId, interviewId: interview.id, text, author: core.actor, correctsId, createdAt: utcNow() }),
  );
  return toNote(row as typeof interviewNotes.$inferSelect);
}

/** One page of the interview's notes, oldest first, read along the index (interview, created_at, id). */
export function pageInterviewNotes(core: Core, input: { interviewId: string; cursor?: string | null; limit: number }): { rows: InterviewNote[]; total: number; nextCursor: string | null } {
  interviewRow(core, input.interviewId);
  const start = input.cursor ? decodeCursor(input.cursor, stringKey(2)) : null;
  const rows = core.db
    .select()
    .from(interviewNotes)
    .where(and(eq(interviewNotes.interviewId, input.interviewId), start ? sql`(${interviewNotes.createdAt}, ${interviewNotes.id}) > (${start[0]}, ${start[1]})` : undefined))
    .orderBy(asc(interviewNotes.createdAt), asc(interviewNotes.id))
    .limit(input.limit + 1)
    .all()
    .map(toNote);
  const total = core.sqlite.prepare('SELECT count(*) FROM interview_notes WHERE interview_id = ?').pluck().get(input.interviewId) as number;
  return { ...pageFrom(rows, input.limit, (last) => [last.createdAt, last.id]), total };
}

export function listInterviewNotes(core: Core, interviewId: string): InterviewNote[] {
  interviewRow(core, interviewId);
  return core.db
    .select()
    .from(interviewNotes)
    .where(eq(interviewNotes.interviewId, interviewId))
    .orderBy(asc(interviewNotes.createdAt), asc(interviewNotes.id))
    .all()
    .map(toNote);
}

function toNote(row: typeof interviewNotes.$inferSelect): InterviewNote {
  return { id: row.id, interviewId: row.interviewId, text: row.text, author: row.author, correctsId: row.correctsId, createdAt: row.createdAt };
}

function checkLinks(core: Core, auditId: string, fields: Pick<InterviewFields, 'releaseId' | 'controlIds' | 'findingIds'>): void {
  if (fields.releaseId && getRelease(core, fields.releaseId).auditId !== auditId) throw new AppError('VALIDATION', 'releaseId: that release belongs to another audit.');
  const library = loadLibrary(core.appRoot);
  for (const id of fields.controlIds ?? []) if (!library.controlsById.has(id)) throw new AppError('VALIDATION', `controlIds: ${id} is not a control of the library.`);
  for (const id of fields.findingIds ?? []) {
    const finding = core.sqlite.prepare('SELECT audit_id AS auditId FROM findings WHERE id = ?').get(id) as { auditId: string } | undefined;
    if (!finding || finding.auditId !== auditId) throw new AppError('VALIDATION', `findingIds: there is no finding ${id} in this audit.`);
  }
}

function interviewRow(core: Core, id: string): InterviewRow {
  return rowOrNotFound(core, 'interviews', id, 'interview');
}

function toInterview(row: InterviewRow): Interview {
  const fields = InterviewFields.parse(Object.fromEntries(fieldNames.map((key) => [key, row[key as keyof InterviewRow]])));
  return { ...fields, notes: row.notes, id: row.id, auditId: row.auditId, createdAt: row.createdAt, updatedAt: row.updatedAt };
}
