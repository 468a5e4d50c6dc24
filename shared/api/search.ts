import { z } from 'zod';
import { Id } from './common';
import { defineMethod } from './define';

// Full-text search over the records and the lines of imported files (one FTS5 index, bm25 ranking).
// A person's query is plain words: it never reaches the index's own query language.

export const hitTypes = ['finding', 'interview', 'note', 'evidence', 'log-line', 'warroom'] as const;
export type HitType = (typeof hitTypes)[number];

export const hitTypeLabels: Record<HitType, string> = {
  finding: 'Finding',
  interview: 'Interview',
  note: 'Interview note',
  evidence: 'Evidence',
  'log-line': 'Log line',
  warroom: 'War-room entry',
};

/** The longest query taken, in characters (a pasted log line fits). */
export const MAX_QUERY_CHARS = 10_000;
/** Words searched at most; the rest of a longer query is left out, and the answer says so. */
export const MAX_QUERY_TERMS = 32;

/** Text around a match; each mark is [start, end) in UTF-16 code units of `text`. Never HTML. */
export const Snippet = z.object({
  text: z.string(),
  marks: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
});
export type Snippet = z.infer<typeof Snippet>;

export const SearchHit = z.object({
  type: z.enum(hitTypes),
  /** The record to open: the finding, interview, note, war-room entry or evidence (a log line's file). */
  id: z.string(),
  auditId: z.string(),
  title: z.string(),
  snippet: Snippet,
  /** The interview of a note, the release of a war-room entry. */
  parentId: z.string().nullable(),
  /** For a log line: its import and its line number (from 1). */
  importId: z.string().nullable(),
  line: z.number().int().nullable(),
  /** bm25 rank: lower is a better match. */
  rank: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchPage = z.object({
  hits: z.array(SearchHit),
  /** Matching documents in all (for this audit, when one is named). */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  /** Pass it back as `offset` for the next page; null after the last one. */
  nextOffset: z.number().int().nullable(),
  /** The words and phrases searched, as read from the query. */
  terms: z.array(z.string()),
  /** A sentence for the person: the query had nothing to search, or words were left out. */
  notice: z.string().nullable(),
});
export type SearchPage = z.infer<typeof SearchPage>;

export const searchContract = {
  'search.query': defineMethod({
    summary: 'Searches findings, interviews and their notes, war-room entries, evidence and the lines of imported files: one page of hits, best first, with the total.',
    input: z.strictObject({
      query: z.string({ message: 'must be text' }).max(MAX_QUERY_CHARS, `must be at most ${MAX_QUERY_CHARS} characters`),
      auditId: Id.nullable().default(null),
      limit: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
      offset: z.number().int().min(0, 'must be 0 or more').max(10_000, 'must be at most 10000').default(0),
    }),
    output: SearchPage,
  }),
};
