import { useEffect, useRef } from 'react';
import { EXCERPT_MAX_LINES, type Excerpt, type StoredFact } from '../../../../shared/api/import-methods';
import { api } from '../../api/client';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';
import { excerptRange } from './excerptRange';
import { summariseFact } from './factSummary';

// The proof of a fact: the exact lines of the imported file it was read from, numbered as in the
// file, highlighted, with a few lines around them. A modal dialog: Escape or Close shuts it and the
// focus goes back to the button that opened it. The app's own keys (N, W, Alt+digit) wait until it is shut.

/** The lines to show: a stored fact, or the proving lines of a drafted finding with its own caption. */
export type ExcerptSource = Pick<StoredFact, 'id' | 'importId' | 'lineFrom' | 'lineTo'> & ({ fact: StoredFact['fact'] } | { caption: string });

export function ExcerptDialog({ fact, importName, opener, onClose }: { fact: ExcerptSource; importName: string; opener: HTMLElement | null; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const range = excerptRange(fact.lineFrom, fact.lineTo);
  const excerpt = useQuery<Excerpt>(() => api['imports.excerpt']({ importId: fact.importId, ...range }), [fact.id]);
  const caption = 'caption' in fact ? fact.caption : summariseFact(fact.fact).title;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    return () => {
      // The opener may have scrolled out of a virtual list: then the list itself takes the focus.
      if (opener?.isConnected) opener.focus();
      else document.querySelector<HTMLElement>('[data-testid="facts-scroller"]')?.focus();
    };
  }, [opener]);

  const first = excerpt.data?.lines[0]?.n;
  const last = excerpt.data?.lines.at(-1)?.n;
  return (
    <dialog ref={dialog} className="excerpt-dialog" aria-labelledby="excerpt-title" aria-describedby="excerpt-what" onClose={onClose} onKeyDown={(e) => e.stopPropagation()}>
      <div className="excerpt-head">
        <h2 id="excerpt-title">
          {importName}, {fact.lineFrom === fact.lineTo ? `line ${fact.lineFrom}` : `lines ${fact.lineFrom}–${fact.lineTo}`}
        </h2>
        <button type="button" autoFocus onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <p id="excerpt-what" className="muted">
        {caption}
      </p>
      {excerpt.error && (
        <p className="field-error" role="alert">
          The lines could not be read: {plainError(excerpt.error)}
        </p>
      )}
      {!excerpt.data && !excerpt.error && (
        <p className="muted" role="status">
          Reading the lines…
        </p>
      )}
      {excerpt.data && (
        <>
          <ol className="excerpt-lines" aria-label={`Lines ${first ?? ''}–${last ?? ''} of ${excerpt.data.totalLines}`}>
            {excerpt.data.lines.map((line) => {
              const proves = line.n >= fact.lineFrom && line.n <= fact.lineTo;
              return (
                <li key={line.n} value={line.n} className={proves ? 'excerpt-line proves' : 'excerpt-line'} data-line={line.n}>
                  <span className="excerpt-n" aria-hidden="true">
                    {line.n}
                  </span>
                  <code>{line.text === '' ? ' ' : line.text}</code>
                  {proves && <span className="sr-only"> (this fact)</span>}
                </li>
              );
            })}
          </ol>
          {fact.lineTo > range.to && <p className="muted">The fact goes on to line {fact.lineTo}; the first {EXCERPT_MAX_LINES} lines are shown.</p>}
        </>
      )}
    </dialog>
  );
}
