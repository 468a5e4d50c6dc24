import { z } from 'zod';
import { CalendarDate, Id, Sha256, UtcTimestamp, text } from './common';
import { defineMethod } from './define';
import { pageInput, pageOf } from './paging';
import { captureMethods, custodyEvents } from '../enums';

/**
 * A media type as HTTP carries it: type/subtype of RFC 6838 name characters, with optional ASCII
 * parameters. Anything else could not be sent back as a Content-Type header.
 */
export const mediaTypePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(\s*;\s*[a-z0-9!#$&^_.+-]+=([a-z0-9!#$&^_.+-]+|"[ !#-~]*"))*$/i;
export const MediaType = text('Media type', 200).pipe(z.string().regex(mediaTypePattern, 'Media type must look like text/plain or image/png'));

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
  /**
   * Set when the content added was already recorded in this audit: no second record was made, and this
   * existing one was linked to the target (linked-here), already supported it, or there was no target (in-audit).
   */
  alreadyRecorded: z.enum(['linked-here', 'already-linked', 'in-audit']).optional(),
  /** In the audit's evidence list: marked confidential, so kept out of external editions of the report. */
  confidential: z.boolean().optional(),
});
export type Evidence = z.infer<typeof Evidence>;

/** A row of the audit's evidence list: everything but the note, which evidence.get gives. */
export const EvidenceSummary = Evidence.omit({ note: true });
export type EvidenceSummary = z.infer<typeof EvidenceSummary>;

/** Pages of the list come newest first; `total` counts the rows the filter matches, `all` the audit's evidence. */
export const EvidencePage = pageOf(EvidenceSummary).extend({ all: z.number().int() });
export type EvidencePage = z.infer<typeof EvidencePage>;

export const CustodyEntry = z.object({
  id: Id,
  evidenceId: Id,
  event: z.enum(custodyEvents),
  actor: z.string(),
  at: UtcTimestamp,
  detail: z.string(),
});
export type CustodyEntry = z.infer<typeof CustodyEntry>;

/** The record kinds evidence links to: each is a descriptor's `linkTarget` (electron/registry; its test keeps the two the same). */
export const linkTargetTypes = ['checklist-result', 'finding', 'interview', 'warroom-entry', 'release'] as const;
export type LinkTargetType = (typeof linkTargetTypes)[number];
export const LinkTarget = z.strictObject({ targetType: z.enum(linkTargetTypes), targetId: Id });
export type LinkTarget = z.infer<typeof LinkTarget>;

/** A record a piece of evidence supports, named for a person. */
export const EvidenceLinkLabel = z.object({ targetType: z.enum(linkTargetTypes), targetId: Id, label: z.string() });

/** One piece of evidence in full: its note, whether it is marked confidential, and what it supports. */
export const EvidenceDetails = Evidence.extend({ confidential: z.boolean(), links: z.array(EvidenceLinkLabel) });
export type EvidenceDetails = z.infer<typeof EvidenceDetails>;

export const ChosenFiles = z.object({
  files: z.array(z.object({ token: z.string(), name: z.string(), size: z.number().int().positive() })),
  refused: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type ChosenFiles = z.infer<typeof ChosenFiles>;

export const evidenceContract = {
  'evidence.addText': defineMethod({
    summary: 'Store a log excerpt or an API response (pasted text with where it came from) as evidence.',
    input: z.strictObject({
      auditId: Id,
      kind: z.enum(['log-excerpt', 'api-response']),
      text: z.string().min(1, 'Paste the text first').max(5_000_000, 'the text is larger than 5 MB; attach it as a file'),
      sourceSystem: text('Source system', 200).default(''),
      sourceFile: text('Source file', 500).default(''),
      lineStart: z.number().int().positive().nullable().default(null),
      lineEnd: z.number().int().positive().nullable().default(null),
      url: text('URL', 2000).default(''),
      refersTo: CalendarDate.nullable().default(null),
      note: text('Note', 5000).default(''),
      links: z.array(LinkTarget).max(50).default([]),
    })
      .refine((v) => v.lineEnd === null || v.lineStart !== null, { path: ['lineEnd'], message: 'give the first line too' })
      .refine((v) => v.lineEnd === null || v.lineStart === null || v.lineEnd >= v.lineStart, { path: ['lineEnd'], message: 'the last line comes before the first' }),
    output: Evidence,
  }),
  'evidence.link': defineMethod({
    summary: 'Link a piece of evidence to a checklist item, finding, interview, war-room entry or release.',
    input: z.strictObject({ evidenceId: Id }).extend(LinkTarget.shape),
    output: z.object({ linked: z.boolean() }),
  }),
  'evidence.links': defineMethod({
    summary: 'What one piece of evidence supports: each linked record, named.',
    input: z.strictObject({ evidenceId: Id }),
    output: z.array(EvidenceLinkLabel),
  }),
  'evidence.forTarget': defineMethod({
    summary: 'The evidence linked to one record.',
    input: LinkTarget,
    output: z.array(Evidence),
  }),
  'evidence.addFile': defineMethod({
    summary: 'Command line only: store a file named by its path on this computer in the vault as evidence for an audit.',
    input: z.strictObject({
      auditId: Id,
      path: z.string().min(1, 'File path is required').max(4096, 'File path is too long'),
      originalName: text('Original name', 500).optional(),
      mediaType: MediaType.optional(),
      refersTo: CalendarDate.nullable().default(null),
      sourceSystem: text('Source system', 200).default(''),
      captureMethod: z.enum(captureMethods).default('file'),
      note: text('Note', 5000).default(''),
    }),
    output: Evidence.extend({ alreadyInVault: z.boolean() }),
  }),
  'evidence.chooseFiles': defineMethod({
    summary: "Desktop app: open the system's file chooser; a token for each file chosen (never its path), to store it with evidence.addChosen.",
    input: z.strictObject({}),
    output: ChosenFiles,
  }),
  'evidence.addChosen': defineMethod({
    summary: 'Desktop app: store a file chosen in the file chooser, named by its token, as evidence for an audit.',
    input: z.strictObject({
      auditId: Id,
      token: z.string().min(1, 'Choose the file first').max(100, 'That is not a file token'),
      refersTo: CalendarDate.nullable().default(null),
      sourceSystem: text('Source system', 200).default(''),
      note: text('Note', 5000).default(''),
      links: z.array(LinkTarget).max(50).default([]),
    }),
    output: Evidence,
  }),
  'evidence.list': defineMethod({
    summary: "One page of an audit's evidence (summary rows, newest first, optionally filtered by name, hash, system or person), with the totals and the cursor of the next page.",
    input: z.strictObject({ auditId: Id, filter: text('Filter', 200).default(''), ...pageInput }),
    output: EvidencePage,
  }),
  'evidence.get': defineMethod({
    summary: 'One piece of evidence with its note, its confidentiality mark and the records it supports.',
    input: z.strictObject({ id: Id }),
    output: EvidenceDetails,
  }),
  'evidence.mark': defineMethod({
    summary: 'Mark a piece of evidence confidential (kept out of external editions of the report) or not; the latest mark counts.',
    input: z.strictObject({
      evidenceId: Id,
      confidential: z.boolean({ error: 'confidential: say true or false' }),
      reason: text('Reason', 1000).default(''),
    }),
    output: z.object({ evidenceId: Id, confidential: z.boolean() }),
  }),
  'evidence.custody': defineMethod({
    summary: 'The custody log of one piece of evidence, oldest first.',
    input: z.strictObject({ evidenceId: Id }),
    output: z.array(CustodyEntry),
  }),
};

/** The query of a streamed upload (the browser host's POST /upload/evidence; the body is the file). */
export const UploadParams = z.strictObject({
  auditId: Id,
  name: text('File name', 500).pipe(z.string().min(1, 'File name is required')),
  mediaType: MediaType.default('application/octet-stream'),
  method: z.enum(['file', 'drop', 'clipboard']).default('file'),
  refersTo: CalendarDate.optional(),
  sourceSystem: text('Source system', 200).default(''),
  note: text('Note', 5000).default(''),
  linkType: z.enum(linkTargetTypes).optional(),
  linkId: Id.optional(),
});
export type UploadParams = z.infer<typeof UploadParams>;

/**
 * Methods that name a path on this computer. Only a person at the terminal (the CLI) may call them:
 * the desktop app's IPC and the browser host refuse them, so no page can name a file to read.
 */
export const terminalOnlyMethods: ReadonlySet<string> = new Set(['evidence.addFile']);
