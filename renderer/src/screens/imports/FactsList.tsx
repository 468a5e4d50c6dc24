import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ImportSummary, StoredFact } from '../../../../shared/api/import-methods';
import type { Fact } from '../../../../shared/api/imports';
import { plainError } from '../../components/plainError';
import { ExcerptDialog } from './ExcerptDialog';
import { factKindLabels, summariseFact } from './factSummary';
import { useFactPages } from './useFactPages';

// A release's facts, drawn virtually and loaded a page at a time where the list is looked at,
// filtered by fact kind; each says what it is in words and opens the lines it was read from. One
// row's button is in the tab order; the arrow keys, Home, End, Page Up and Page Down move along.

const ROW_HEIGHT = 58;

export function FactsList({ releaseId, imports, version }: { releaseId: string; imports: readonly ImportSummary[]; version: number }) {
  const [kind, setKind] = useState<Fact['kind'] | null>(null);
  const facts = useFactPages(releaseId, kind, version);
  const [open, setOpen] = useState<{ fact: StoredFact; opener: HTMLElement | null } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const count = facts.total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const firstShown = items[0]?.index;
  const lastShown = items.at(-1)?.index;
  const { want } = facts;
  useEffect(() => {
    if (firstShown !== undefined && lastShown !== undefined) want(firstShown, lastShown);
  }, [firstShown, lastShown, want]);
  const [current, setCurrent] = useState(0);
  const [focusAt, setFocusAt] = useState<number | null>(null);
  // After a key moved along, focus that row's button once the list has drawn it (and its page came).
  useEffect(() => {
    if (focusAt === null) return;
    const button = scroller.current?.querySelector<HTMLButtonElement>(`[data-index="${focusAt}"] button`);
    if (button) {
      button.focus();
      setFocusAt(null);
    }
  }, [focusAt, items, facts.revision]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (count === 0) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const to: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: count - 1, PageDown: current + page, PageUp: current - page };
    if (!(event.key in to)) return;
    event.preventDefault();
    const next = Math.min(count - 1, Math.max(0, to[event.key]!));
    setCurrent(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    setFocusAt(next);
  }

  const names = new Map(imports.map((i) => [i.id, i.name]));
  const byKind = new Map<string, number>();
  for (const summary of imports) for (const [k, n] of Object.entries(summary.factKinds)) byKind.set(k, (byKind.get(k) ?? 0) + n);
  const kinds = (Object.keys(factKindLabels) as Array<Fact['kind']>).filter((k) => byKind.has(k));

  return (
    <section className="panel facts-panel" aria-labelledby="facts-title">
      <div className="panel-head">
        <h3 id="facts-title">Facts read from the files</h3>
        <label className="inline-add">
          Show
          <select value={kind ?? ''} onChange={(e) => setKind((e.target.value || null) as Fact['kind'] | null)} aria-label="Fact kind to show">
            <option value="">All kinds ({[...byKind.values()].reduce((a, b) => a + b, 0)})</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {factKindLabels[k]} ({byKind.get(k)})
              </option>
            ))}
          </select>
        </label>
      </div>
      {facts.error && (
        <p className="field-error" role="alert">
          The facts could not be loaded: {plainError(facts.error)}
        </p>
      )}
      {facts.total === 0 && <p className="muted">No fact of this kind was read from the files of this release.</p>}
      {facts.total === null && !facts.error && (
        <p className="muted" role="status">
          Loading the facts…
        </p>
      )}
      {count > 0 && (
        <p className="muted small-print" aria-live="polite">
          {count} {count === 1 ? 'fact' : 'facts'}
        </p>
      )}
      <div ref={scroller} className="virtual-list facts-scroller" data-testid="facts-scroller" tabIndex={-1} role="list" aria-label="Facts" onKeyDown={onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const stored = facts.at(v.index);
            const words = stored ? summariseFact(stored.fact) : null;
            return (
              <div key={v.key} role="listitem" data-index={v.index} className="virtual-row fact-row" style={{ height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}>
                {stored && words ? (
                  <>
                    <span className="grow fact-words">
                      <span className={words.bad ? 'fact-title fact-bad' : 'fact-title'}>{words.title}</span>
                      <span className="muted block">
                        {[words.details, `${names.get(stored.importId) ?? 'file'} ${stored.lineFrom === stored.lineTo ? `line ${stored.lineFrom}` : `lines ${stored.lineFrom}–${stored.lineTo}`}`].filter(Boolean).join(' · ')}
                      </span>
                    </span>
                    <button
                      type="button"
                      className="small"
                      tabIndex={v.index === Math.min(current, count - 1) ? 0 : -1}
                      onFocus={() => setCurrent(v.index)}
                      onClick={(e) => setOpen({ fact: stored, opener: e.currentTarget })}
                      aria-label={`Show lines of: ${words.title}`}
                    >
                      Show lines
                    </button>
                  </>
                ) : (
                  <span className="muted">Loading…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {open && <ExcerptDialog fact={open.fact} importName={names.get(open.fact.importId) ?? 'The file'} opener={open.opener} onClose={() => setOpen(null)} />}
    </section>
  );
}
