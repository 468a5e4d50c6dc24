import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { FindingSummary } from '../../../../shared/api/findings';
import { severities, type Severity } from '../../../../shared/enums';
import { statusLabels } from './labels';

// The findings list, grouped by severity, drawn virtually: only the rows in view (and a few around
// them) are in the page, so ten thousand findings cost as much to show as twenty. One row is in the
// tab order (the chosen one); the arrow keys, Home, End, Page Up and Page Down move the choice, and
// the list scrolls to it.

type Item = { kind: 'heading'; severity: Severity; count: number } | { kind: 'row'; finding: FindingSummary };

interface Props {
  rows: FindingSummary[];
  counts: Record<Severity, number>;
  loading: boolean;
  currentId: string | null;
  onSelect: (id: string) => void;
}

export function FindingsList({ rows, counts, loading, currentId, onSelect }: Props) {
  const items = useMemo(() => {
    const list: Item[] = [];
    let at = 0;
    for (const severity of severities) {
      const start = at;
      while (at < rows.length && rows[at]!.severity === severity) at += 1;
      if (at === start) continue;
      list.push({ kind: 'heading', severity, count: counts[severity] });
      for (let i = start; i < at; i += 1) list.push({ kind: 'row', finding: rows[i]! });
    }
    return list;
  }, [rows, counts]);
  const rowIndex = useMemo(() => new Map(items.flatMap((item, i) => (item.kind === 'row' ? [[item.finding.id, i] as const] : []))), [items]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (items[i]?.kind === 'heading' ? 34 : 52),
    overscan: 8,
    getItemKey: (i) => {
      const item = items[i]!;
      return item.kind === 'heading' ? `h-${item.severity}` : item.finding.id;
    },
  });
  const virtualItems = virtualizer.getVirtualItems();
  const [focusId, setFocusId] = useState<string | null>(null);
  // After a key moved the choice, focus its row once the list has drawn it.
  useEffect(() => {
    if (!focusId) return;
    const button = scroller.current?.querySelector<HTMLButtonElement>(`[data-finding-id="${focusId}"]`);
    if (button) {
      button.focus();
      setFocusId(null);
    }
  }, [focusId, virtualItems]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (rows.length === 0) return;
    const at = Math.max(0, rows.findIndex((r) => r.id === currentId));
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 520) / 52) - 1);
    const to: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1, PageDown: at + page, PageUp: at - page };
    if (!(event.key in to)) return;
    event.preventDefault();
    const next = rows[Math.min(rows.length - 1, Math.max(0, to[event.key]!))]!;
    onSelect(next.id);
    virtualizer.scrollToIndex(rowIndex.get(next.id) ?? 0, { align: 'auto' });
    setFocusId(next.id);
  }

  const tabbable = currentId ?? rows[0]?.id;
  return (
    <>
      <div ref={scroller} className="virtual-list" data-testid="findings-scroller" onKeyDown={onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((v) => {
            const item = items[v.index]!;
            return (
              <div key={v.key} data-index={v.index} ref={virtualizer.measureElement} className="virtual-row" style={{ transform: `translateY(${v.start}px)` }}>
                {item.kind === 'heading' ? (
                  <h3 className={`severity-${item.severity}`}>
                    {item.severity} ({item.count})
                  </h3>
                ) : (
                  <button
                    type="button"
                    data-finding-id={item.finding.id}
                    tabIndex={item.finding.id === tabbable ? 0 : -1}
                    aria-current={item.finding.id === currentId ? 'true' : undefined}
                    className={item.finding.id === currentId ? 'nav-item active' : 'nav-item'}
                    onClick={() => onSelect(item.finding.id)}
                  >
                    <span>
                      {item.finding.title}
                      <span className="muted block">
                        {item.finding.repeatCount > 0 ? `repeat ×${item.finding.repeatCount} · ` : ''}
                        {statusLabels[item.finding.status]}
                        {item.finding.confidential ? ' · confidential' : ''}
                        {item.finding.dueAt ? ` · due ${item.finding.dueAt}` : ''}
                      </span>
                    </span>
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {loading && rows.length > 0 && (
        <p className="muted" role="status" data-testid="findings-loading">
          {rows.length} of {Object.values(counts).reduce((a, b) => a + b, 0)} findings loaded…
        </p>
      )}
    </>
  );
}
