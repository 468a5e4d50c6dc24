import { z } from 'zod';
import { checklistResults } from '../enums';
import { Id, UtcTimestamp, text } from './common';
import { defineMethod } from './define';

export const ChecklistResult = z.object({
  id: Id,
  auditId: Id,
  itemKey: z.string(),
  result: z.enum(checklistResults),
  note: z.string(),
  recordedBy: z.string(),
  recordedAt: UtcTimestamp,
});
export type ChecklistResult = z.infer<typeof ChecklistResult>;

export const checklistContract = {
  'checklist.record': defineMethod({
    summary: "Record the result of one item of the audit's pinned checklist.",
    input: z.strictObject({
      auditId: Id,
      itemKey: z.string().min(1).max(80),
      result: z.enum(checklistResults, { message: `must be one of ${checklistResults.join(', ')}` }),
      note: text('Note', 5000).default(''),
    }),
    output: ChecklistResult,
  }),
  'checklist.results': defineMethod({
    summary: "The recorded results of an audit's checklist.",
    input: z.strictObject({ auditId: Id }),
    output: z.array(ChecklistResult),
  }),
};
