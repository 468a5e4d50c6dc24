import { z } from 'zod';
import { ControlId, Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod, updatesOf } from './define';
import { pageInput, pageOf } from './paging';

export const interviewStatuses = ['planned', 'held', 'cancelled'] as const;

export const InterviewFields = z.strictObject({
  releaseId: Id.nullable().default(null),
  interviewee: requiredText('Interviewee', 200),
  role: text('Role', 200).default(''),
  team: text('Team', 200).default(''),
  interviewer: text('Interviewer', 200).default(''),
  scheduledAt: UtcTimestamp.nullable().default(null),
  heldAt: UtcTimestamp.nullable().default(null),
  status: z.enum(interviewStatuses).default('planned'),
  consent: z.boolean().default(false),
  /** Internal only unless the auditor marks it shareable: only then does an external report carry its content. */
  shareable: z.boolean().default(false),
  questions: z.array(z.strictObject({ text: requiredText('Question', 1000), answer: text('Answer', 20000).default('') })).max(100).default([]),
  tribalKnowledge: z.array(z.strictObject({ text: requiredText('Undocumented step', 2000) })).max(200).default([]),
  followUps: z.array(z.strictObject({ text: requiredText('Follow-up', 1000), owner: text('Owner', 200).default(''), done: z.boolean().default(false) })).max(200).default([]),
  controlIds: z.array(ControlId).max(200).default([]),
  findingIds: z.array(Id).max(200).default([]),
});
export type InterviewFields = z.infer<typeof InterviewFields>;

/** `notes` is the single text kept before notes became a log; it is shown, never edited. */
export const Interview = InterviewFields.extend({ notes: z.string(), id: Id, auditId: Id, createdAt: UtcTimestamp, updatedAt: UtcTimestamp });
export type Interview = z.infer<typeof Interview>;

/** One note of an interview, kept as written. A correction is a later note naming the one it corrects. */
export const InterviewNote = z.strictObject({
  id: Id,
  interviewId: Id,
  text: z.string(),
  author: z.string(),
  correctsId: Id.nullable(),
  createdAt: UtcTimestamp,
});
export type InterviewNote = z.infer<typeof InterviewNote>;

export const interviewsContract = {
  'interviews.create': defineMethod({
    summary: 'Plan or record an interview.',
    input: InterviewFields.partial().extend({ auditId: Id, interviewee: requiredText('Interviewee', 200) }),
    output: Interview,
  }),
  'interviews.save': defineMethod({
    summary: 'Save any fields of an interview (autosaved as the auditor types).',
    input: updatesOf(InterviewFields).extend({ id: Id }),
    output: Interview,
  }),
  'interviews.list': defineMethod({
    summary: "An audit's interviews, planned and held.",
    input: z.strictObject({ auditId: Id }),
    output: z.array(Interview),
  }),
  'interviews.addNote': defineMethod({
    summary: "Add a note to an interview's log (notes are never edited: a correction is a later note).",
    input: z.strictObject({ interviewId: Id, text: requiredText('Note', 20000), correctsId: Id.nullable().default(null) }),
    output: InterviewNote,
  }),
  'interviews.notes': defineMethod({
    summary: "One page of an interview's notes, oldest first, with the total and the cursor of the next page.",
    input: z.strictObject({ interviewId: Id, ...pageInput }),
    output: pageOf(InterviewNote),
  }),
};
