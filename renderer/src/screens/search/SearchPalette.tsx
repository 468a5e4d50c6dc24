import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { hitTypeLabels, type SearchHit, type SearchPage, type Snippet } from '../../../../shared/api/search';
import { api } from '../../api/client';
import { useQuery } from '../../hooks/useQuery';
import { useAudits } from '../../stores/audits';
import { useSession } from '../../stores/session';
import { openHit } from './openHit';
import type { Excerpt } from '../../../../shared/api/import-methods';
import { plainError } from '../../components/plainError';
import { excerptRange } from '../imports/excerptRange';
import '../imports/imports.css';
import './search.css';

// Ctrl+K from anywhere: one search over findings, interviews, notes, war-room entries, evidence and
// imported log lines. Type, move with the arrows, Enter opens the record, Escape closes.

const PAGE = 20;

const isSearchKey = (event: globalThis.KeyboardEvent) => (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';

export function SearchPalette() {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!isSearchKey(event)) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} className="search-dialog" aria-labelledby="search-title" onClose={() => setOpen(false)}>
      {open && <SearchBody close={() => setOpen(false)} />}
    </dialog>
  );
}

function SearchBody({ close }: { close: () => void }) {
  const auditId = useSession((s) => s.auditId);
  const audits = useAudits((s) => s.audits);
  const [query, setQuery] = useState('');
  const [everywhere, setEverywhere] = useState(auditId === null);
  // The highlighted hit, of the page it was chosen on: a new answer starts again at its first hit.
  const [cursor, setCursor] = useState<{ page: SearchPage | null; index: number }>({ page: null, index: 0 });
  const [shown, setShown] = useState<SearchHit | null>(null);
  const scope = everywhere ? null : auditId;
  const results = useQuery(() => (query.trim() === '' ? Promise.resolve(null) : api['search.query']({ query, auditId: scope, limit: PAGE })), [query, scope]);
  const page = results.data ?? null;
  const hits = page?.hits ?? [];
  const auditName = (id: string) => audits.find((a) => a.id === id)?.name;

  const active = cursor.page === page ? cursor.index : 0;
  const setActive = (next: (index: number) => number) => setCursor({ page, index: next(active) });

  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    if (openHit(hit)) close();
    else setShown(hit);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (hits.length === 0) return;
      setActive((i) => (event.key === 'ArrowDown' ? (i + 1) % hits.length : (i - 1 + hits.length) % hits.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(hits[active]);
    }
  };

  useEffect(() => {
    document.getElementById(`search-hit-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  if (shown) return <LogLine hit={shown} back={() => setShown(null)} />;

  const status = results.error
    ? results.error
    : query.trim() === ''
      ? 'Type words to search for: findings, interviews and notes, war-room entries, evidence and imported log lines.'
      : page === null
        ? 'Searching…'
        : page.hits.length === 0
          ? (page.notice ?? 'Nothing matches.')
          : `${page.total === 1 ? 'One match' : `${page.total} matches`}${page.total > hits.length ? `, the best ${hits.length} shown` : ''}.${page.notice ? ` ${page.notice}` : ''}`;

  return (
    <div className="search-body">
      <h2 id="search-title" className="search-title">
        Search
      </h2>
      <div className="search-bar">
        <input
          type="search"
          className="search-input"
          role="combobox"
          aria-label="Search for"
          aria-expanded={hits.length > 0}
          aria-controls="search-results"
          aria-autocomplete="list"
          aria-activedescendant={hits.length > 0 ? `search-hit-${active}` : undefined}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
          maxLength={10_000}
          autoFocus
          spellCheck={false}
        />
        <label className="search-scope">
          <input type="checkbox" checked={everywhere} disabled={auditId === null} onChange={(event) => setEverywhere(event.target.checked)} />
          All audits
        </label>
      </div>
      <p className="search-status" role="status" aria-live="polite">
        {status}
      </p>
      <ul id="search-results" className="search-results" role="listbox" aria-label="Results">
        {hits.map((hit, index) => (
          <li
            key={`${hit.type}-${hit.id}-${hit.line ?? ''}-${index}`}
            id={`search-hit-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'search-hit active' : 'search-hit'}
            onMouseMove={() => setActive(() => index)}
            onClick={() => choose(hit)}
          >
            <span className="search-hit-type">{hitTypeLabels[hit.type]}</span>
            <span className="search-hit-title">{hit.title}</span>
            {everywhere && auditName(hit.auditId) && <span className="search-hit-audit">{auditName(hit.auditId)}</span>}
            <Marked snippet={hit.snippet} />
          </li>
        ))}
      </ul>
      <p className="search-keys" aria-hidden="true">
        <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> opens · <kbd>Esc</kbd> closes
      </p>
    </div>
  );
}

/** A snippet with its matches marked, as text (never markup from the data). */
function Marked({ snippet }: { snippet: Snippet }) {
  const parts: Array<{ text: string; mark: boolean }> = [];
  let at = 0;
  for (const [start, end] of snippet.marks) {
    if (start > at) parts.push({ text: snippet.text.slice(at, start), mark: false });
    parts.push({ text: snippet.text.slice(start, end), mark: true });
    at = end;
  }
  if (at < snippet.text.length) parts.push({ text: snippet.text.slice(at), mark: false });
  return <span className="search-hit-snippet">{parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}</span>;
}

/** A log line found: the lines of its file around it, numbered as in the file, the found one marked. */
function LogLine({ hit, back }: { hit: SearchHit; back: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  const line = hit.line ?? 1;
  const range = excerptRange(line, line);
  const excerpt = useQuery<Excerpt>(() => (hit.importId ? api['imports.excerpt']({ importId: hit.importId, ...range }) : Promise.reject(new Error('This hit names no imported file.'))), [hit.importId, line]);
  return (
    <div className="search-body">
      <h2 id="search-title" className="search-title">
        {excerpt.data ? `${excerpt.data.name}, line ${line}` : hit.title}
      </h2>
      {excerpt.error && (
        <p className="field-error" role="alert">
          The lines could not be read: {plainError(excerpt.error)}
        </p>
      )}
      {!excerpt.data && !excerpt.error && (
        <pre className="search-line" aria-label={`Line ${line}`}>
          <Marked snippet={hit.snippet} />
        </pre>
      )}
      {excerpt.data && (
        <ol className="excerpt-lines" aria-label={`Lines ${excerpt.data.from}–${excerpt.data.to} of ${excerpt.data.totalLines}`}>
          {excerpt.data.lines.map((l) => (
            <li key={l.n} value={l.n} className={l.n === line ? 'excerpt-line proves' : 'excerpt-line'} data-line={l.n}>
              <span className="excerpt-n" aria-hidden="true">
                {l.n}
              </span>
              <code>{l.text === '' ? ' ' : l.text}</code>
              {l.n === line && <span className="sr-only"> (the line found)</span>}
            </li>
          ))}
        </ol>
      )}
      <button ref={button} type="button" onClick={back}>
        Back to the results
      </button>
    </div>
  );
}
