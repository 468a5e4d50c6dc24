import { z } from 'zod';
import { CalendarDate, Id, Sha256, UtcTimestamp, text } from './common';
import { defineMethod } from './define';
import { captureMethods, custodyEvents } from '../enums';

export const Evidence = z.object({
  id: Id,
  auditId: Id,
  sha256: Sha256,
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  originalName: z.string(),
  capturedBy: z.string(),
  capturedAt: UtcTimestamp,
  refersTo: z.string().nullable(),
  sourceSystem: z.string(),
  captureMethod: z.enum(captureMethods),
  note: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

export const CustodyEntry = z.object({
  id: Id,
  evidenceId: Id,
  event: z.enum(custodyEvents),
  actor: z.string(),
  at: UtcTimestamp,
  detail: z.string(),
});
export type CustodyEntry = z.infer<typeof CustodyEntry>;

export const evidenceContract = {
  'evidence.addFile': defineMethod({
    summary: 'Store a file from this computer in the vault as evidence for an audit.',
    input: z.strictObject({
      auditId: Id,
      path: z.string().min(1, 'File path is required').max(4096, 'File path is too long'),
      originalName: text('Original name', 500).optional(),
      mediaType: text('Media type', 200).optional(),
      refersTo: CalendarDate.nullable().default(null),
      sourceSystem: text('Source system', 200).default(''),
      captureMethod: z.enum(captureMethods).default('file'),
      note: text('Note', 5000).default(''),
    }),
    output: Evidence.extend({ alreadyInVault: z.boolean() }),
  }),
  'evidence.list': defineMethod({
    summary: "List an audit's evidence, newest first.",
    input: z.strictObject({ auditId: Id }),
    output: z.array(Evidence),
  }),
  'evidence.custody': defineMethod({
    summary: 'The custody log of one piece of evidence, oldest first.',
    input: z.strictObject({ evidenceId: Id }),
    output: z.array(CustodyEntry),
  }),
};
