import { z } from 'zod';
import { Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod } from './define';
import { pageInput, pageOf } from './paging';
import { ImportedBoard } from './warroom-imported';

// The war-room log: an append-only record of the deployment window as it happens. A correction is
// a new entry pointing at the one it corrects; nothing is ever edited in place.

export const nodeStatuses = ['pending', 'in-progress', 'succeeded', 'failed', 'rolled-back'] as const;

const Step = z.strictObject({ stepId: Id });
// A percentage someone read off a dashboard: a finite number from 0 to 100, never a blank read as 0.
const percent = (label: string) =>
  z.number({ message: `${label} must be a number from 0 to 100` }).min(0, `${label} must be from 0 to 100`).max(100, `${label} must be from 0 to 100`);

/** The labels the war-room forms show, so a refusal names the field the auditor sees. */
export const entryFieldLabels = {
  node: 'Node or service',
  status: 'Status',
  label: 'Measured',
  batch: 'Batch',
  observedPercent: 'Observed %',
  thresholdPercent: 'Halt above %',
  decision: 'Decision',
  mode: 'Mode',
  reason: 'Reason',
  outcome: 'Outcome',
  rtoTargetMinutes: 'RTO (minutes)',
  text: 'Text',
  stepId: 'Runbook step',
  approvedBy: 'Approved by',
  changeEntryId: 'Change to approve',
  correctsId: 'Entry to correct',
} as const satisfies Record<string, string>;
const Note = z.strictObject({ text: requiredText('Text', 5000) });

export const entryBodies = {
  'step-started': Step,
  'step-finished': Step,
  'node-status': z.strictObject({ node: requiredText('Node or service', 120), status: z.enum(nodeStatuses) }),
  deviation: z.strictObject({ text: requiredText('Deviation', 5000), stepId: Id.nullable().default(null) }),
  'on-the-fly-change': z.strictObject({ text: requiredText('Change', 5000) }),
  'change-approved': z.strictObject({ changeEntryId: Id, approvedBy: requiredText('Approved by', 200) }),
  'halt-check': z.strictObject({
    label: requiredText('Measured', 200).default('Error rate'),
    batch: text('Batch', 80).default(''),
    observedPercent: percent('Observed %'),
    thresholdPercent: percent('Halt above %'),
    decision: z.enum(['continue', 'halt'], { message: 'Decision must be continue or halt' }),
  }),
  'rollback-started': z.strictObject({ mode: z.enum(['automatic', 'manual']), reason: text('Reason', 2000).default('') }),
  'rollback-finished': z.strictObject({
    outcome: z.enum(['recovered', 'failed'], { message: 'Outcome must be recovered or failed' }),
    rtoTargetMinutes: z
      .number({ message: 'RTO (minutes) must be a number of minutes' })
      .int('RTO (minutes) must be a whole number of minutes')
      .positive('RTO (minutes) must be 1 or more')
      .max(10_000, 'RTO (minutes) must be at most 10000'),
  }),
  note: Note,
  correction: z.strictObject({ correctsId: Id, reason: requiredText('Why the correction', 2000), void: z.boolean().default(false) }),
} as const;

export const entryKinds = Object.keys(entryBodies) as Array<keyof typeof entryBodies>;
export type EntryKind = keyof typeof entryBodies;

export const WarRoomEntry = z.object({
  id: Id,
  auditId: Id,
  releaseId: Id,
  kind: z.enum(entryKinds as [EntryKind, ...EntryKind[]]),
  at: UtcTimestamp,
  recordedAt: UtcTimestamp,
  actor: z.string(),
  body: z.record(z.string(), z.unknown()),
  correctsId: Id.nullable(),
});
export type WarRoomEntry = z.infer<typeof WarRoomEntry>;

/** An entry as the log shows it: whether a correction voided it, and the corrections made to it. */
export const WarRoomLogEntry = WarRoomEntry.extend({ voided: z.boolean(), correctedBy: z.array(Id) });
export type WarRoomLogEntry = z.infer<typeof WarRoomLogEntry>;

/** Pages of the log come newest first (by when it happened, then when it was recorded). */
export const WarRoomLogPage = pageOf(WarRoomLogEntry);
export type WarRoomLogPage = z.infer<typeof WarRoomLogPage>;

/** What the log adds up to, worked out by the service from every entry, with the entries (a report carries them all). */
export const WarRoomBoard = z.object({
  releaseId: Id,
  entries: z.array(WarRoomLogEntry),
  nodes: z.array(z.object({ node: z.string(), status: z.enum(nodeStatuses), at: UtcTimestamp })),
  steps: z.array(
    z.object({
      stepId: Id,
      title: z.string(),
      plannedStart: UtcTimestamp.nullable(),
      plannedEnd: UtcTimestamp.nullable(),
      actualStart: UtcTimestamp.nullable(),
      actualEnd: UtcTimestamp.nullable(),
      startVarianceMinutes: z.number().nullable(),
      endVarianceMinutes: z.number().nullable(),
    }),
  ),
  pendingChanges: z.array(z.object({ entryId: Id, text: z.string(), at: UtcTimestamp })),
  haltBreaches: z.array(z.object({ entryId: Id, label: z.string(), observedPercent: z.number(), thresholdPercent: z.number(), decision: z.string() })),
  rollbacks: z.array(
    z.object({ mode: z.string(), startedAt: UtcTimestamp, finishedAt: UtcTimestamp.nullable(), minutes: z.number().nullable(), rtoTargetMinutes: z.number().nullable(), rtoMet: z.boolean().nullable(), outcome: z.string().nullable() }),
  ),
  /** What the release's imported files say (runs, steps, hosts, halt checks): read-only, each naming its source. */
  imported: ImportedBoard,
});
export type WarRoomBoard = z.infer<typeof WarRoomBoard>;

/** The board as the API sends it: how many entries the log holds instead of the entries, which come a page at a time (warroom.entries). */
export const WarRoomStatus = WarRoomBoard.omit({ entries: true }).extend({ entryCount: z.number().int() });
export type WarRoomStatus = z.infer<typeof WarRoomStatus>;

export const warroomContract = {
  'warroom.add': defineMethod({
    summary: 'Append one entry to the war-room log of a release (never edited afterwards).',
    input: z.strictObject({
      releaseId: Id,
      kind: z.enum(entryKinds as [EntryKind, ...EntryKind[]], { message: `must be one of ${entryKinds.join(', ')}` }),
      /** Checked against its kind by the service; bounded here so a body of a million fields costs nothing. */
      body: z.custom<Record<string, unknown>>(
        (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length <= 20,
        'must be an object of at most 20 fields',
      ),
      /** When it happened, if not now (an entry written up a few minutes late). */
      at: UtcTimestamp.optional(),
    }),
    output: WarRoomEntry,
  }),
  'warroom.board': defineMethod({
    summary: "A release's war-room status board: how many entries its log holds, the nodes' status, planned-versus-actual timeline, open changes, halts and rollbacks.",
    input: z.strictObject({ releaseId: Id }),
    output: WarRoomStatus,
  }),
  'warroom.entries': defineMethod({
    summary: "One page of a release's war-room log, newest first, each entry with whether it was voided and its corrections, with the total and the cursor of the next page.",
    input: z.strictObject({ releaseId: Id, ...pageInput }),
    output: WarRoomLogPage,
  }),
};
