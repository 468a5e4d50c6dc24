import { useState } from 'react';
import { anomalyKindLabels, type AnomalyRun, type LogObservation } from '../../../../shared/api/logs';
import type { Release } from '../../../../shared/api/releases';
import { severities, type Severity } from '../../../../shared/enums';
import { api } from '../../api/client';
import { cancelJob, followJob, type JobStep } from '../../api/follow-job';
import { ProgressBar } from '../../components/ProgressBar';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';
import { ImportLines } from '../fieldwork/ImportLines';

// "Log anomalies": what the template miner found in this release's imported logs against earlier
// releases of the same system, each observation with its lines and a way to raise it as a finding.

function comparedWith(run: AnomalyRun): string {
  const named = run.systemFrom === 'system' ? `system "${run.system}"` : `system "${run.system}" (read from the identifier; the release has no System)`;
  const earlier = run.earlierReleases.length === 0
    ? `No earlier release of ${named}: only error bursts and gaps can show.`
    : `Compared with ${run.earlierReleases.length} earlier release${run.earlierReleases.length === 1 ? '' : 's'} of ${named} (${run.earlierReleases.map((r) => r.identifier).join(', ')}).`;
  return `${earlier} ${run.logsMined} log${run.logsMined === 1 ? '' : 's'} mined, ${run.logsFromCache} from the cache; ${run.recorded} new observation${run.recorded === 1 ? '' : 's'}.`;
}

function ObservationRow({ observation, readOnly, onChanged }: { observation: LogObservation; readOnly: boolean; onChanged: (o: LogObservation) => void }) {
  const [severity, setSeverity] = useState<Severity>('minor');
  const [reason, setReason] = useState('');
  const [dismissing, setDismissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = (work: Promise<LogObservation>) => work.then((o) => (setError(null), onChanged(o)), (e: Error) => setError(plainError(e.message)));
  const o = observation;
  return (
    <li className="card" aria-label={`${anomalyKindLabels[o.kind]}: ${o.title}`}>
      <div>
        <span className="badge">{anomalyKindLabels[o.kind]}</span> <strong>{o.title}</strong>
      </div>
      <p>{o.detail}</p>
      <ImportLines source={{ importId: o.importId, name: o.fileName, kindLabel: 'Imported log', lines: o.lines }} label={anomalyKindLabels[o.kind]} />
      {o.state === 'raised' && <p>Raised as a finding by {o.decidedBy}.</p>}
      {o.state === 'dismissed' && <p>Dismissed by {o.decidedBy}: {o.dismissReason}</p>}
      {o.state === 'open' && !readOnly && (
        <div className="row">
          <label>
            Severity{' '}
            <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
              {severities.map((s) => (
                <option key={s} value={s}>{s}</option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => act(api['logs.raiseObservation']({ id: o.id, severity }).then((r) => r.observation))}>
            Raise finding
          </button>
          {!dismissing && (
            <button type="button" className="secondary" onClick={() => setDismissing(true)}>
              Dismiss…
            </button>
          )}
          {dismissing && (
            <>
              <label>
                Why{' '}
                <input value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="button" onClick={() => act(api['logs.dismissObservation']({ id: o.id, reason }))}>
                Dismiss
              </button>
            </>
          )}
        </div>
      )}
      {error && <p className="status-error" role="alert">{error}</p>}
    </li>
  );
}

export function LogAnomalies({ release, readOnly }: { release: Release; readOnly: boolean }) {
  const { data, error, setData } = useQuery(() => api['logs.observations']({ releaseId: release.id }), [release.id]);
  const [run, setRun] = useState<AnomalyRun | null>(null);
  const [job, setJob] = useState<string | null>(null);
  const [step, setStep] = useState<JobStep | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  // A job: the logs of every earlier release may have to be mined first, which can take a while.
  const detect = async () => {
    setRunError(null);
    setStep({ phase: 'Starting', fraction: 0 });
    try {
      const handle = await api['logs.startDetect']({ releaseId: release.id });
      setJob(handle.jobId);
      const result = await followJob(handle, setStep, 'The logs could not be mined.');
      setRun(result);
      setData(result.observations);
    } catch (e) {
      setRunError(plainError((e as Error).message));
    } finally {
      setJob(null);
      setStep(null);
    }
  };
  const replace = (changed: LogObservation) => setData((data ?? []).map((o) => (o.id === changed.id ? changed : o)));
  return (
    <section aria-label="Log anomalies">
      <p>
        The release’s imported pipeline logs, mined for templates and compared with earlier releases of the same system: new kinds of line,
        kinds whose rate jumped, bursts of error lines and gaps in time.
      </p>
      {!readOnly && (
        <div className="actions">
          <button type="button" onClick={() => void detect()} disabled={step !== null}>
            {step ? 'Mining the logs…' : 'Find anomalies'}
          </button>
          {job && (
            <button type="button" className="secondary" onClick={() => void cancelJob(job)}>
              Cancel
            </button>
          )}
        </div>
      )}
      {step && <ProgressBar label="Finding log anomalies" fraction={step.fraction} stage={step.phase} />}
      {run && <p role="status">{comparedWith(run)}</p>}
      {(runError ?? error) && <p className="status-error" role="alert">{runError ?? plainError(error ?? '')}</p>}
      {data && data.length === 0 && <p>No log observations yet.</p>}
      {data && data.length > 0 && (
        <ul className="cards" aria-label="Log observations">
          {data.map((o) => (
            <ObservationRow key={o.id} observation={o} readOnly={readOnly} onChanged={replace} />
          ))}
        </ul>
      )}
    </section>
  );
}
