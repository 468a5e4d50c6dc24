import { z } from 'zod';
import { checklistResults } from '../enums';
import { Id, ItemKey, UtcTimestamp, text } from './common';
import { defineMethod } from './define';

export const ChecklistResult = z.object({
  id: Id,
  auditId: Id,
  releaseId: Id.nullable(),
  itemKey: z.string(),
  result: z.enum(checklistResults),
  note: z.string(),
  recordedBy: z.string(),
  recordedAt: UtcTimestamp,
  /** How much evidence supports it, and the finding raised from it, if any. */
  evidenceCount: z.number().int(),
  findingId: Id.nullable(),
});
export type ChecklistResult = z.infer<typeof ChecklistResult>;

export const checklistContract = {
  'checklist.record': defineMethod({
    summary: "Record the result of one item of the audit's pinned checklist.",
    input: z.strictObject({
      auditId: Id,
      /** The release the item was checked on; null for an audit-wide item. */
      releaseId: Id.nullable().default(null),
      itemKey: ItemKey,
      result: z.enum(checklistResults, { message: `must be one of ${checklistResults.join(', ')}` }),
      note: text('Note', 5000).default(''),
    }),
    output: ChecklistResult,
  }),
  'checklist.results': defineMethod({
    summary: "The recorded results of an audit's checklist, for one release or all.",
    input: z.strictObject({ auditId: Id, releaseId: Id.optional() }),
    output: z.array(ChecklistResult),
  }),
};
