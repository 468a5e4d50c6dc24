import type { ImportedBoard } from '../../../../shared/api/warroom-imported';
import { formatClockInZone, formatInZone, formatVariance } from '../../../../shared/time';
import { ImportLines } from './ImportLines';

type Printed = ImportedBoard['runs'][number]['startedAt'];

/** A time a file printed: in the release's zone when the file dated it, else as printed. */
function When({ time, zone, clockOnly = false }: { time: Printed; zone: string; clockOnly?: boolean }) {
  if (!time) return <span className="muted">—</span>;
  if (!time.utc) return <span title="as printed: the file gives no date or zone">{time.text}</span>;
  return (
    <time dateTime={time.utc} title={formatInZone(time.utc, zone)}>
      {clockOnly ? formatClockInZone(time.utc, zone) : formatInZone(time.utc, zone)}
    </time>
  );
}

/**
 * What the release's imported files say, beside the hand-kept log: runs and their stages (planned
 * against actual where a runbook step has the same name), each host's status, and halt checks. It
 * is read from the imports: nothing here can be edited or corrected, each line names its file.
 */
export function WarRoomImported({ imported, timeZone }: { imported: ImportedBoard; timeZone: string }) {
  const { runs, steps, nodes, haltChecks, rollouts, omitted } = imported;
  if (runs.length + steps.length + nodes.length + haltChecks.length + rollouts.length === 0) return null;
  const breached = haltChecks.filter((h) => h.breached);
  return (
    <section className="warroom-imported" aria-label="From imported files">
      <h3>From imported files (read-only)</h3>
      {(breached.length > 0 || rollouts.some((r) => r.aborted)) && (
        <div className="breach-banner" role="alert">
          <strong>Imported halt checks that failed</strong>
          <ul>
            {breached.map((h, i) => (
              <li key={`${h.source.importId}-${i}`}>
                {h.metric} of {h.run}: {h.phase ?? 'failed'}, last value {h.lastValue ?? '—'} ({h.condition ?? 'no condition given'}; {h.failed} failed
                {h.failureLimit !== null ? `, limit ${h.failureLimit}` : ''}) <ImportLines source={h.source} label={h.metric} />
              </li>
            ))}
            {rollouts
              .filter((r) => r.aborted)
              .map((r, i) => (
                <li key={`${r.source.importId}-r${i}`}>
                  Rollout {r.name} aborted{r.abortedAt ? ' at ' : ''}
                  {r.abortedAt && <When time={r.abortedAt} zone={timeZone} />}: {r.message ?? r.phase} <ImportLines source={r.source} label={r.name} />
                </li>
              ))}
          </ul>
        </div>
      )}
      {nodes.length > 0 && (
        <>
          <h4>Status by host (imported)</h4>
          <ul className="node-board">
            {nodes.map((n) => (
              <li key={`${n.source.importId}-${n.host}`} className={`node node-${n.status === 'failed' || n.status === 'unreachable' ? 'failed' : 'succeeded'}`}>
                <strong>{n.host}</strong> {n.status}
                {n.failedTasks.filter((t) => !t.ignored).length > 0 && <span> · {n.failedTasks.filter((t) => !t.ignored).length} failed task(s)</span>} <ImportLines source={n.source} label={n.host} />
              </li>
            ))}
          </ul>
        </>
      )}
      {haltChecks.length > 0 && (
        <>
          <h4>Analysis metrics (imported halt checks)</h4>
          <ul>
            {haltChecks.map((h, i) => (
              <li key={`${h.source.importId}-${i}`} className={h.breached ? 'status-error' : undefined}>
                {h.metric} ({h.run}): {h.breached ? 'breached' : (h.phase ?? 'no verdict')}, last {h.lastValue ?? '—'} at <When time={h.measuredAt} zone={timeZone} clockOnly /> <ImportLines source={h.source} label={h.metric} />
              </li>
            ))}
          </ul>
        </>
      )}
      {(runs.length > 0 || steps.length > 0) && (
        <details open={steps.length <= 30}>
          <summary>
            Pipeline runs and steps (imported, times in {timeZone}): {runs.length} run(s), {steps.length} step(s)
          </summary>
          <ul className="imported-runs">
            {runs.map((r, i) => (
              <li key={`${r.source.importId}-run${i}`}>
                <strong>{r.name ?? r.tool}</strong> {r.result ?? 'no result'}: <When time={r.startedAt} zone={timeZone} /> – <When time={r.endedAt} zone={timeZone} clockOnly />
                {r.triggeredBy ? ` · ${r.triggeredBy}` : ''} <ImportLines source={r.source} label="run" />
              </li>
            ))}
            {steps.map((s, i) => (
              <li key={`${s.source.importId}-step${i}`} className={s.result && !/^success/i.test(s.result) ? 'status-error' : undefined}>
                {s.level} {s.name}: {s.result ?? 'no result'}, <When time={s.actualStart} zone={timeZone} clockOnly />–<When time={s.actualEnd} zone={timeZone} clockOnly />
                {s.runbook && (
                  <span>
                    {' '}
                    · runbook step “{s.runbook.title}”: start {formatVariance(s.runbook.startVarianceMinutes)}, end {formatVariance(s.runbook.endVarianceMinutes)}
                  </span>
                )}{' '}
                <ImportLines source={s.source} label={s.name} />
              </li>
            ))}
          </ul>
        </details>
      )}
      {Object.keys(omitted).length > 0 && (
        <p className="muted">Not shown here (see the release's facts): {Object.entries(omitted).map(([kind, n]) => `${n} more ${kind}`).join(', ')}.</p>
      )}
    </section>
  );
}
