import { DataTable } from '../../components/DataTable';
import { useNow } from '../../hooks/useNow';
import type { WarRoomBoard } from '../../../../shared/api/warroom';
import { formatClockInZone, formatVariance } from '../../../../shared/time';

/** Each runbook step as two bars, planned and actual, on one time axis, with the variance in words. */
export function WarRoomTimeline({ board, timeZone }: { board: Pick<WarRoomBoard, 'steps'>; timeZone: string }) {
  // A running step's bar grows with the clock.
  const now = useNow();
  const times = board.steps.flatMap((s) => [s.plannedStart, s.plannedEnd, s.actualStart, s.actualEnd]).filter((t): t is string => t !== null).map(Date.parse);
  if (board.steps.length === 0) return <p className="muted">The release has no runbook steps yet (Details tab).</p>;
  const min = times.length > 0 ? Math.min(...times) : now;
  const max = Math.max(times.length > 0 ? Math.max(...times) : now, min + 60_000);
  const pos = (t: string | null, fallback: number) => ((t ? Date.parse(t) : fallback) - min) / (max - min);
  const clock = (t: string | null) => (t ? formatClockInZone(t, timeZone) : null);
  const span = (from: string | null, to: string | null, none: string) => (from ? `${clock(from)}–${to ? clock(to) : '?'}` : none);
  return (
    <DataTable
      className="data-table compact timeline"
      label="Planned against actual"
      rows={board.steps}
      rowKey={(s) => s.stepId}
      columns={[
        { header: 'Step', cell: (s) => s.title },
        { header: `Planned (${timeZone})`, cell: (s) => span(s.plannedStart, s.plannedEnd, 'not planned') },
        {
          header: `Actual (${timeZone})`,
          cell: (s) => (s.actualStart ? (s.actualEnd ? span(s.actualStart, s.actualEnd, '') : `${clock(s.actualStart)}, running`) : <span className="muted">not started yet</span>),
        },
        {
          header: 'Variance',
          cellClassName: (s) => ((s.startVarianceMinutes ?? 0) > 0 || (s.endVarianceMinutes ?? 0) > 0 ? 'status-error' : undefined),
          cell: (s) =>
            s.startVarianceMinutes === null && s.endVarianceMinutes === null ? (
              <span className="muted">not yet</span>
            ) : (
              `start ${formatVariance(s.startVarianceMinutes)}${s.actualEnd ? `, end ${formatVariance(s.endVarianceMinutes)}` : ''}`
            ),
        },
        {
          header: 'Bars',
          hiddenHeader: true,
          headerClassName: 'bars-col',
          cellClassName: () => 'bars',
          cell: (s) => (
            <>
              {s.plannedStart && (
                <span className="bar planned" style={{ left: `${pos(s.plannedStart, min) * 100}%`, width: `${Math.max(1, (pos(s.plannedEnd, max) - pos(s.plannedStart, min)) * 100)}%` }} />
              )}
              {s.actualStart && (
                <span className="bar actual" style={{ left: `${pos(s.actualStart, min) * 100}%`, width: `${Math.max(1, (pos(s.actualEnd, now) - pos(s.actualStart, min)) * 100)}%` }} />
              )}
            </>
          ),
        },
      ]}
    />
  );
}
