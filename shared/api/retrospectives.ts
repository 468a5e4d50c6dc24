import { z } from 'zod';
import { CalendarDate, Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod, updatesOf } from './define';

// Retrospectives of an audit cycle or of one release: who took part, what went well and badly, the
// findings fed into it, and action items that carry over from cycle to cycle until they are done.

export const actionStatuses = ['open', 'in-progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
/** Statuses that end a thread: an action in any other status carries over to the next cycle. */
export const closedActionStatuses: readonly ActionStatus[] = ['done', 'dropped'];

export const Participant = z.strictObject({ name: requiredText('Participant name', 200), role: text('Participant role', 200).default('') });

export const RetrospectiveFields = z.strictObject({
  title: requiredText('Title', 300),
  releaseId: Id.nullable().default(null),
  heldOn: CalendarDate.nullable().default(null),
  participants: z.array(Participant).max(100, 'A retrospective lists at most 100 participants').default([]),
  wentWell: text('What went well', 20000).default(''),
  wentBadly: text('What went badly', 20000).default(''),
  findingIds: z.array(Id).max(500, 'A retrospective names at most 500 findings').default([]),
});
export type RetrospectiveFields = z.infer<typeof RetrospectiveFields>;

export const Retrospective = RetrospectiveFields.extend({ id: Id, auditId: Id, createdAt: UtcTimestamp, updatedAt: UtcTimestamp });
export type Retrospective = z.infer<typeof Retrospective>;

const actionShape = {
  text: requiredText('Action', 2000),
  owner: text('Owner', 200).default(''),
  dueOn: CalendarDate.nullable().default(null),
  status: z.enum(actionStatuses, { message: 'Status must be open, in-progress, done or dropped' }).default('open'),
  dropReason: text('Reason for dropping', 2000).default(''),
};
export const ActionFields = z.strictObject(actionShape);
export type ActionFields = z.infer<typeof ActionFields>;

export const RetroAction = ActionFields.extend({
  id: Id,
  auditId: Id,
  retrospectiveId: Id.nullable(),
  /** The id of the thread's first item: the same action across cycles. */
  threadId: Id,
  /** The audit where the thread began, when it began in an earlier cycle (null for an item first raised here). */
  carriedFrom: z.strictObject({ auditId: Id.nullable(), auditName: z.string() }).nullable(),
  createdAt: UtcTimestamp,
  updatedAt: UtcTimestamp,
});
export type RetroAction = z.infer<typeof RetroAction>;

/** An action of an earlier cycle still open, as a later audit sees it: its latest item, and where that item is. */
export const OpenEarlierAction = RetroAction.extend({ auditName: z.string(), overdue: z.boolean() });
export type OpenEarlierAction = z.infer<typeof OpenEarlierAction>;

export const RetrospectiveView = z.strictObject({
  retrospectives: z.array(Retrospective),
  /** This audit's own action items (raised here, or carried in and continued here). */
  actions: z.array(RetroAction),
  /** Earlier cycles' actions still open and not yet taken up in this audit, oldest cycle first. */
  openEarlier: z.array(OpenEarlierAction),
  /** How earlier cycles were found, in words. */
  cycleRule: z.string(),
});
export type RetrospectiveView = z.infer<typeof RetrospectiveView>;

/** A dropped action says why; refused in plain words otherwise. */
function droppedHasReason(value: { status?: ActionStatus | undefined; dropReason?: string | undefined }, ctx: z.RefinementCtx): void {
  if (value.status === 'dropped' && !value.dropReason?.trim()) ctx.addIssue({ code: 'custom', path: ['dropReason'], message: 'A dropped action needs the reason it was dropped' });
}

export const retrospectivesContract = {
  'retrospectives.create': defineMethod({
    summary: 'Hold a retrospective of an audit cycle, or of one of its releases.',
    input: RetrospectiveFields.partial().extend({ auditId: Id, title: requiredText('Title', 300) }),
    output: Retrospective,
  }),
  'retrospectives.save': defineMethod({
    summary: 'Save any fields of a retrospective (autosaved as the auditor types).',
    input: updatesOf(RetrospectiveFields).extend({ id: Id }),
    output: Retrospective,
  }),
  'retrospectives.view': defineMethod({
    summary: "An audit's retrospectives and action items, with the earlier cycles' actions still open.",
    input: z.strictObject({ auditId: Id }),
    output: RetrospectiveView,
  }),
  'retrospectives.addAction': defineMethod({
    summary: 'Add an action item to an audit (to one of its retrospectives, or to the cycle).',
    input: ActionFields.partial().extend({ auditId: Id, retrospectiveId: Id.nullable().default(null), text: requiredText('Action', 2000) }).superRefine(droppedHasReason),
    output: RetroAction,
  }),
  'retrospectives.saveAction': defineMethod({
    summary: "Save any fields of an action item. An earlier cycle's action is continued in the audit named by auditId.",
    input: updatesOf(ActionFields).extend({ id: Id, auditId: Id }).superRefine(droppedHasReason),
    output: RetroAction,
  }),
};
