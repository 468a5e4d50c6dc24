import type { SearchHit, SearchPage } from '../../shared/api/search';
import { hitTypeLabels, type HitType } from '../../shared/api/search';
import { requireAudit } from '../rows';
import type { Core } from '../services';
import { ensureSearchIndex, searchIndexBusy } from './indexer';
import { toSafeQuery } from './query-text';
import { ELLIPSIS, MARK_CLOSE, MARK_OPEN, auditToken, parseSnippet } from './text';

// search.query: the page of best matches (bm25, a title match weighing more than one in the text: the
// index's default rank, set in its migration),
// with the total, then each hit's snippet and what to open. The ranking query reads only the index
// (an audit named is a term of the index too); snippets and titles are worked out for the page only.

export interface SearchInput {
  query: string;
  auditId: string | null;
  limit: number;
  offset: number;
}

const SNIPPET_TOKENS = 16;

interface DocRow {
  id: number;
  type: HitType;
  recordId: string;
  auditId: string;
  parentId: string | null;
  importId: string | null;
  line: number | null;
  title: string;
  interviewee: string | null;
  release: string | null;
  fileName: string | null;
}

// One pass: FTS5 ranks and stops after the page (snippets only for it); the total is one count of the same match.
const pageSql = `SELECT rowid AS id, rank, snippet(search_fts, 0, @open, @close, @more, ${SNIPPET_TOKENS}) AS titleSnippet,
     snippet(search_fts, 1, @open, @close, @more, ${SNIPPET_TOKENS}) AS bodySnippet, (SELECT count(*) FROM search_fts WHERE search_fts MATCH @match) AS total
   FROM search_fts WHERE search_fts MATCH @match ORDER BY rank LIMIT @limit OFFSET @offset`;

/** The person's words searched in titles and text only; an audit named narrows it through the index itself. */
const scopedTo = (match: string, auditId: string | null) => `{title body} : (${match})${auditId === null ? '' : ` AND audit_id : "${auditToken(auditId)}"`}`;

function titleOf(row: DocRow): string {
  switch (row.type) {
    case 'note':
      return `Note on the interview with ${row.interviewee ?? 'someone'}`;
    case 'warroom':
      return `${hitTypeLabels.warroom}: ${row.title}${row.release ? ` (release ${row.release})` : ''}`;
    case 'log-line':
      return `${row.fileName ?? 'Imported file'}, line ${row.line ?? '?'}`;
    default:
      return row.title;
  }
}

/** Answers one page of hits; the index is first brought up to date with any file not read yet, unless one is being read. */
export async function searchQuery(core: Core, input: SearchInput): Promise<SearchPage> {
  if (input.auditId !== null) requireAudit(core, input.auditId);
  // A file already being read (a long log just imported) is not waited for: the answer says so.
  if (searchIndexBusy(core)) {
    const page = searchIndexNow(core, input);
    return { ...page, notice: [page.notice, 'Imported files are still being read into the index: some of their lines may be missing here.'].filter(Boolean).join(' ') };
  }
  await ensureSearchIndex(core);
  return searchIndexNow(core, input);
}

/** The same answer from the index as it stands (the bench and the tests time this one). */
export function searchIndexNow(core: Core, input: SearchInput): SearchPage {
  const safe = toSafeQuery(input.query);
  const empty = { hits: [], total: 0, offset: input.offset, nextOffset: null, terms: safe.terms, notice: safe.notice };
  if (safe.match === null) return empty;
  const match = scopedTo(safe.match, input.auditId);
  const ranked = core.sqlite
    .prepare(pageSql)
    .all({ match, limit: input.limit, offset: input.offset, open: MARK_OPEN, close: MARK_CLOSE, more: ELLIPSIS }) as Array<{ id: number; rank: number; titleSnippet: string; bodySnippet: string; total: number }>;
  const total = ranked[0]?.total ?? (input.offset > 0 ? countMatches(core, match) : 0);
  if (ranked.length === 0) return { ...empty, total, notice: safe.notice ?? (total === 0 ? `Nothing matches ${safe.terms.join(' ')}.` : null) };
  const ids = ranked.map((r) => r.id);
  const docs = new Map(
    (
      core.sqlite
        .prepare(
          `SELECT d.id, d.type, d.record_id AS recordId, d.audit_id AS auditId, d.parent_id AS parentId, d.import_id AS importId, d.line, d.title,
             i.interviewee, r.identifier AS release, e.original_name AS fileName
           FROM search_docs d
           LEFT JOIN interviews i ON d.type = 'note' AND i.id = d.parent_id
           LEFT JOIN releases r ON d.type = 'warroom' AND r.id = d.parent_id
           LEFT JOIN evidence e ON d.type = 'log-line' AND e.id = d.record_id
           WHERE d.id IN (${ids.map(() => '?').join(', ')})`,
        )
        .all(...ids) as DocRow[]
    ).map((r) => [r.id, r]),
  );
  const hits: SearchHit[] = [];
  for (const { id, rank, titleSnippet, bodySnippet } of ranked) {
    const doc = docs.get(id);
    // The text's snippet when the words are in the text, else the title's.
    const body = parseSnippet(bodySnippet);
    if (!doc) continue;
    hits.push({
      type: doc.type,
      id: doc.recordId,
      auditId: doc.auditId,
      title: titleOf(doc),
      snippet: body.marks.length > 0 || titleSnippet === '' ? body : parseSnippet(titleSnippet),
      parentId: doc.parentId,
      importId: doc.importId,
      line: doc.line,
      rank,
    });
  }
  const nextOffset = input.offset + ranked.length < total ? input.offset + ranked.length : null;
  return { hits, total, offset: input.offset, nextOffset, terms: safe.terms, notice: safe.notice };
}

/** The total, for a page past the last match (the ranking query then has no row to carry it). */
function countMatches(core: Core, match: string): number {
  return (core.sqlite.prepare('SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?').get(match) as { n: number }).n;
}
