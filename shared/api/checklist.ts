import { z } from 'zod';
import { checklistResults } from '../enums';
import { Id, ItemKey, UtcTimestamp, text } from './common';
import { defineMethod } from './define';
import { pageInput, pageOf } from './paging';

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

/**
 * Pages of a checklist's results come item by item (by item key, then id). A row keeps its note: the
 * run shows every item's note beside it, and a note is the result's own words.
 */
export const ChecklistResultPage = pageOf(ChecklistResult);
export type ChecklistResultPage = z.infer<typeof ChecklistResultPage>;

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
    summary: "One page of the recorded results of an audit's checklist, for one release or all, item by item, with the total and the cursor of the next page.",
    input: z.strictObject({ auditId: Id, releaseId: Id.optional(), ...pageInput }),
    output: ChecklistResultPage,
  }),
};
