import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { WarRoomLogEntry } from '../../../../shared/api/warroom';
import { formatClockInZone, formatInZone } from '../../../../shared/time';
import { describeEntry } from './warroomEntry';

// The war-room log, newest first, drawn virtually: only the entries in view (and a few around them)
// are in the page, so a night of thousands of entries costs what a dozen do. The war room keeps the
// keyboard (↑/↓ select); the log scrolls to the entry selected.

interface Props {
  entries: WarRoomLogEntry[];
  selected: string | null;
  onSelect: (id: string) => void;
  steps: Map<string, string>;
  timeZone: string;
}

export function WarRoomLog({ entries, selected, onSelect, steps, timeZone }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 34,
    overscan: 10,
    getItemKey: (i) => entries[i]!.id,
  });
  useEffect(() => {
    const index = entries.findIndex((e) => e.id === selected);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selected]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div ref={scroller} className="warroom-log-scroll" data-testid="warroom-log-scroller">
      <ol className="warroom-log" aria-label="War-room log" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const e = entries[v.index]!;
          return (
            <li key={v.key} data-entry={e.id} data-index={v.index} ref={virtualizer.measureElement} className="virtual-row" style={{ transform: `translateY(${v.start}px)` }}>
              <button
                type="button"
                tabIndex={-1}
                className={`log-entry ${e.voided ? 'voided' : ''} ${selected === e.id ? 'selected' : ''}`}
                aria-pressed={selected === e.id}
                onClick={() => onSelect(e.id)}
              >
                <time dateTime={e.at} title={formatInZone(e.at, timeZone)}>
                  {formatClockInZone(e.at, timeZone)}
                </time>{' '}
                <span className="badge">{e.kind}</span> {describeEntry(e.kind, e.body, steps)}
                {e.correctedBy.length > 0 && <span className="muted"> · corrected</span>}
                <span className="muted"> · {e.actor}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
