import type { SearchHit, SearchPage } from '../../shared/api/search';
import { hitTypeLabels, type HitType } from '../../shared/api/search';
import { requireAudit } from '../rows';
import type { Core } from '../services';
import { ensureSearchIndex } from './indexer';
import { toSafeQuery } from './query-text';
import { ELLIPSIS, MARK_CLOSE, MARK_OPEN, parseSnippet } from './text';

// search.query: the page of best matches (bm25, a title match weighing more than one in the text),
// with the total, then each hit's snippet and what to open. The ranking query reads only the index
// (and the document row when an audit is named); snippets and titles are worked out for the page only.

export interface SearchInput {
  query: string;
  auditId: string | null;
  limit: number;
  offset: number;
}

const TITLE_WEIGHT = 4;
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

const rankSql = (scoped: boolean) =>
  `SELECT search_fts.rowid AS id, search_fts.rank AS rank, count(*) OVER () AS total FROM search_fts${scoped ? ' JOIN search_docs d ON d.id = search_fts.rowid' : ''}
   WHERE search_fts MATCH ? AND search_fts.rank MATCH 'bm25(${TITLE_WEIGHT}, 1)'${scoped ? ' AND d.audit_id = ?' : ''} ORDER BY search_fts.rank LIMIT ? OFFSET ?`;

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

/** Answers one page of hits; the index is first brought up to date with any file not read yet. */
export async function searchQuery(core: Core, input: SearchInput): Promise<SearchPage> {
  if (input.auditId !== null) requireAudit(core, input.auditId);
  await ensureSearchIndex(core);
  return searchIndexNow(core, input);
}

/** The same answer from the index as it stands (the bench and the tests time this one). */
export function searchIndexNow(core: Core, input: SearchInput): SearchPage {
  const safe = toSafeQuery(input.query);
  const empty = { hits: [], total: 0, offset: input.offset, nextOffset: null, terms: safe.terms, notice: safe.notice };
  if (safe.match === null) return empty;
  const scoped = input.auditId !== null;
  const params: unknown[] = scoped ? [safe.match, input.auditId, input.limit, input.offset] : [safe.match, input.limit, input.offset];
  const ranked = core.sqlite.prepare(rankSql(scoped)).all(...params) as Array<{ id: number; rank: number; total: number }>;
  const total = ranked[0]?.total ?? (input.offset > 0 ? countMatches(core, safe.match, input.auditId) : 0);
  if (ranked.length === 0) return { ...empty, total, notice: safe.notice ?? (total === 0 ? `Nothing matches ${safe.terms.join(' ')}.` : null) };
  const ids = ranked.map((r) => r.id);
  const marks = ids.map(() => '?').join(', ');
  const snippets = new Map(
    (
      core.sqlite
        .prepare(`SELECT rowid AS id, snippet(search_fts, -1, ?, ?, ?, ${SNIPPET_TOKENS}) AS snippet FROM search_fts WHERE search_fts MATCH ? AND rowid IN (${marks})`)
        .all(MARK_OPEN, MARK_CLOSE, ELLIPSIS, safe.match, ...ids) as Array<{ id: number; snippet: string }>
    ).map((r) => [r.id, r.snippet]),
  );
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
           WHERE d.id IN (${marks})`,
        )
        .all(...ids) as DocRow[]
    ).map((r) => [r.id, r]),
  );
  const hits: SearchHit[] = [];
  for (const { id, rank } of ranked) {
    const doc = docs.get(id);
    if (!doc) continue;
    hits.push({
      type: doc.type,
      id: doc.recordId,
      auditId: doc.auditId,
      title: titleOf(doc),
      snippet: parseSnippet(snippets.get(id) ?? ''),
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
function countMatches(core: Core, match: string, auditId: string | null): number {
  const sql =
    auditId === null
      ? 'SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?'
      : 'SELECT count(*) AS n FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid WHERE search_fts MATCH ? AND d.audit_id = ?';
  return (core.sqlite.prepare(sql).get(...(auditId === null ? [match] : [match, auditId])) as { n: number }).n;
}
