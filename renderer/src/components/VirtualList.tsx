import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type HTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';

// A long list drawn virtually: only the rows in view (and a few around them) are in the page, so ten
// thousand rows cost as much to show as twenty. Rows may differ in height (each is measured). One
// row is in the tab order; on a focused row the arrow keys, Home, End, Page Up and Page Down move to
// another, and the list scrolls to it. Keys pressed inside a row's own controls stay theirs.

interface Props<Row> {
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  renderRow: (row: Row) => ReactNode;
  /** Attributes of each row's <li> (an id, a class); the list sets its position and tab order. */
  rowProps?: (row: Row) => HTMLAttributes<HTMLLIElement> & Record<`data-${string}`, string>;
  estimateSize: number;
  /** Space between rows, in pixels (a row's margin is not measured). */
  gap?: number;
  label: string;
  className?: string;
  testId?: string;
  /** A row to scroll to and focus (by key), and what to do once it has been. */
  reveal?: string | null;
  onRevealed?: () => void;
}

export function VirtualList<Row>({ rows, rowKey, renderRow, rowProps, estimateSize, gap = 0, label, className, testId, reveal = null, onRevealed }: Props<Row>) {
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimateSize,
    overscan: 6,
    gap,
    getItemKey: (i) => rowKey(rows[i]!),
  });
  const virtualItems = virtualizer.getVirtualItems();
  const [current, setCurrent] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);

  function moveTo(index: number) {
    const row = rows[Math.min(rows.length - 1, Math.max(0, index))];
    if (row === undefined) return;
    const key = rowKey(row);
    setCurrent(key);
    virtualizer.scrollToIndex(rows.indexOf(row), { align: 'auto' });
    setFocusKey(key);
  }

  // A row asked for from outside (a link to an existing record): scroll to it, then focus it.
  useEffect(() => {
    if (reveal === null) return;
    const index = rows.findIndex((r) => rowKey(r) === reveal);
    if (index >= 0) moveTo(index);
    onRevealed?.();
  }, [reveal]); // eslint-disable-line react-hooks/exhaustive-deps

  // After a key moved the choice, focus its row once the list has drawn it.
  useEffect(() => {
    if (!focusKey) return;
    const row = [...(list.current?.children ?? [])].find((li) => (li as HTMLElement).dataset.key === focusKey) as HTMLElement | undefined;
    if (row) {
      row.focus();
      setFocusKey(null);
    }
  }, [focusKey, virtualItems]);

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const target = event.target as HTMLElement;
    if (target.parentElement !== list.current || rows.length === 0) return;
    const at = Math.max(0, rows.findIndex((r) => rowKey(r) === target.dataset.key));
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 520) / estimateSize) - 1);
    const to: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1, PageDown: at + page, PageUp: at - page };
    if (!(event.key in to)) return;
    event.preventDefault();
    moveTo(to[event.key]!);
  }

  const tabbable = current !== null && rows.some((r) => rowKey(r) === current) ? current : rows[0] === undefined ? null : rowKey(rows[0]);
  return (
    <div ref={scroller} className="virtual-list" data-testid={testId}>
      <ul ref={list} aria-label={label} className={className} style={{ height: virtualizer.getTotalSize(), position: 'relative' }} onKeyDown={onKeyDown}>
        {virtualItems.map((v) => {
          const row = rows[v.index]!;
          const key = rowKey(row);
          const props = rowProps?.(row) ?? {};
          return (
            <li
              {...props}
              key={v.key}
              data-index={v.index}
              data-key={key}
              ref={virtualizer.measureElement}
              className={`virtual-row${props.className ? ` ${props.className}` : ''}`}
              style={{ transform: `translateY(${v.start}px)` }}
              tabIndex={key === tabbable ? 0 : -1}
              onFocus={(e) => {
                if (e.target === e.currentTarget) setCurrent(key);
              }}
            >
              {renderRow(row)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
