import { z } from 'zod';
import { Id } from './common';
import { defineMethod } from './define';
import { Detection, Fact, ImportKind, importKindLabels, importKinds } from './imports';
import { jobHandle } from './job-kit';

// Machine evidence through the API: a file is uploaded to the import inbox (POST /upload/import),
// its kind is detected and shown, and on confirmation it is imported in the background: the raw file
// becomes a piece of evidence, its facts become records linked to the release and to their lines.

export const ImportUploadId = z.uuid({ message: 'must be the id of an uploaded file' });

/** What an uploaded file looks like before it is imported: its kind, or why it cannot be read. */
export const ImportPreview = z.object({
  uploadId: ImportUploadId,
  name: z.string(),
  bytes: z.number().int().nonnegative(),
  detection: Detection.nullable(),
  /** Why the file cannot be imported, in one sentence (null when it can). */
  refusal: z.string().nullable(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** One import as stored. */
export const ImportSummary = z.object({
  id: Id,
  auditId: Id,
  releaseId: Id.nullable(),
  evidenceId: Id,
  kind: ImportKind,
  kindLabel: z.string(),
  name: z.string(),
  sha256: z.string(),
  bytes: z.number().int().nonnegative(),
  lines: z.number().int().nonnegative(),
  detection: z.string(),
  warnings: z.array(z.string()),
  factCount: z.number().int().nonnegative(),
  /** Fact counts by fact kind (run, step, message, …). */
  factKinds: z.record(z.string(), z.number().int().nonnegative()),
  importedBy: z.string(),
  importedAt: z.string(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** What importing a file did: the import (new, or the one already made of the same bytes). */
export const ImportOutcome = z.object({
  import: ImportSummary,
  /** The same file (same SHA-256) had already been imported into this release: nothing changed. */
  alreadyImported: z.boolean(),
  /** Findings the audit's rule pack drafted from this import's facts (0 when it was already imported). */
  drafted: z.number().int().nonnegative().default(0),
  /** What did not follow the import (the rule pack, the search index), in plain words. */
  notes: z.array(z.string()).default([]),
});
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const StoredFact = z.object({
  id: Id,
  importId: Id,
  releaseId: Id.nullable(),
  seq: z.number().int().nonnegative(),
  lineFrom: z.number().int().positive(),
  lineTo: z.number().int().positive(),
  fact: Fact,
});
export type StoredFact = z.infer<typeof StoredFact>;

export const FactPage = z.object({ total: z.number().int().nonnegative(), offset: z.number().int().nonnegative(), items: z.array(StoredFact) });
export type FactPage = z.infer<typeof FactPage>;

export const EXCERPT_MAX_LINES = 400;

/** Lines of an imported file, numbered as the facts name them. */
export const Excerpt = z.object({
  importId: Id,
  name: z.string(),
  from: z.number().int().positive(),
  to: z.number().int().nonnegative(),
  totalLines: z.number().int().nonnegative(),
  lines: z.array(z.object({ n: z.number().int().positive(), text: z.string() })),
});
export type Excerpt = z.infer<typeof Excerpt>;

const lineNumber = z.number().int().min(1, 'must be a line number (1 or more)').max(1_000_000_000, 'is past any file');

export const importJobs = { 'imports.run': ImportOutcome };

export const importsContract = {
  'imports.kinds': defineMethod({
    summary: 'The kinds of file that can be imported, with their names.',
    input: z.strictObject({}).default({}),
    output: z.array(z.object({ kind: ImportKind, label: z.string() })),
  }),
  'imports.preview': defineMethod({
    summary: 'What an uploaded file is (its kind, detected from its content), or why it cannot be imported, before anything is written.',
    input: z.strictObject({ uploadId: ImportUploadId }),
    output: ImportPreview,
  }),
  'imports.start': defineMethod({
    summary: 'Import an uploaded file into an audit (and a release) in the background: the file is kept as evidence and its facts are recorded. Follow it with jobs.progress; cancelling writes nothing.',
    input: z.strictObject({ uploadId: ImportUploadId, auditId: Id, releaseId: Id.nullable().default(null), kind: ImportKind.optional() }),
    output: jobHandle('imports.run'),
  }),
  'imports.list': defineMethod({
    summary: "An audit's imports (or one release's), newest first.",
    input: z.strictObject({ auditId: Id, releaseId: Id.optional() }),
    output: z.array(ImportSummary),
  }),
  'imports.facts': defineMethod({
    summary: 'One page of facts, of one import or of a release, in the order they were read; optionally of one fact kind.',
    input: z
      .strictObject({
        importId: Id.optional(),
        releaseId: Id.optional(),
        kind: z.enum(Fact.options.map((o) => o.shape.kind.value) as [Fact['kind'], ...Fact['kind'][]]).optional(),
        offset: z.number().int().min(0).max(10_000_000).default(0),
        limit: z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(200),
      })
      .refine((input) => (input.importId === undefined) !== (input.releaseId === undefined), 'name either importId or releaseId'),
    output: FactPage,
  }),
  'imports.excerpt': defineMethod({
    summary: `Lines of an imported file (at most ${EXCERPT_MAX_LINES}), as the facts number them: the proof of a fact or a drafted finding.`,
    input: z.strictObject({ importId: Id, from: lineNumber, to: lineNumber }).refine((input) => input.to >= input.from, 'to must not come before from'),
    output: Excerpt,
  }),
};

/** The kinds a single file is imported as (configuration parity and drift are made by comparing files: config.compare, config.drift). */
export const importKindList = importKinds.filter((kind) => !kind.startsWith('config-')).map((kind) => ({ kind, label: importKindLabels[kind] }));
