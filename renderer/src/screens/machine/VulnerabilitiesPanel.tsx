import { useState } from 'react';
import type { Release } from '../../../../shared/api/releases';
import { vexStates, vulnerabilitySeverities } from '../../../../shared/api/imports';
import type { ComponentVulnerability } from '../../../../shared/api/vulnerabilities';
import { api } from '../../api/client';
import { followJob } from '../../api/follow-job';
import { EmptyState } from '../../components/EmptyState';
import { plainError } from '../../components/plainError';
import { ProgressBar } from '../../components/ProgressBar';
import { VirtualList } from '../../components/VirtualList';
import { useQuery } from '../../hooks/useQuery';
import { VulnerabilitiesDatabase } from './VulnerabilitiesDatabase';
import './vulnerabilities.css';

// A release's known vulnerabilities, one row per (component, vulnerability), from its SBOM, VEX
// documents and the offline OSV database: filtered by severity and VEX state, sorted by severity
// or state, with the database's status and a match run on demand.

type Sort = 'severity' | 'state' | 'component';
const stateLabel = (v: ComponentVulnerability) => (v.decided ? (v.vexState ?? '') : v.vexState ? `${v.vexState} (undecided)` : 'no decision');

export function VulnerabilitiesPanel({ release, readOnly }: { release: Release; readOnly: boolean }) {
  const [severity, setSeverity] = useState('');
  const [state, setState] = useState('');
  const [sort, setSort] = useState<Sort>('severity');
  const [version, setVersion] = useState(0);
  const [step, setStep] = useState<{ phase: string; fraction: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const status = useQuery(() => api['vulnerabilities.database.status']({}), [version]);
  const page = useQuery(
    () => api['vulnerabilities.list']({ releaseId: release.id, sort, limit: 1000, ...(severity ? { severities: [severity as ComponentVulnerability['severity']] } : {}), ...(state ? { states: [state as 'undecided'] } : {}) }),
    [release.id, severity, state, sort, version],
  );

  async function match() {
    setMessage(null);
    try {
      const handle = await api['vulnerabilities.match']({ releaseId: release.id });
      const result = await followJob(handle, setStep, 'The components could not be matched.');
      setMessage(`Matched ${result.components} components: ${result.matches} known vulnerabilities${result.drafted ? `, ${result.drafted} findings drafted` : ''}.${result.notes.length ? ` ${result.notes.join(' ')}` : ''}`);
      setVersion((v) => v + 1);
    } catch (e) {
      setMessage(plainError(e instanceof Error ? e.message : String(e)));
    } finally {
      setStep(null);
    }
  }

  const data = page.data;
  return (
    <div className="vulnerabilities-pane">
      <VulnerabilitiesDatabase status={status.data ?? null} readOnly={readOnly} onChanged={() => setVersion((v) => v + 1)} />
      {!readOnly && status.data?.present && (
        <div className="actions">
          <button type="button" disabled={step !== null} onClick={() => void match()}>Match components against the database</button>
        </div>
      )}
      {step && <ProgressBar label="Matching components" fraction={step.fraction} stage={step.phase} />}
      {message && <p role="status">{message}</p>}
      {page.error && <p className="field-error" role="alert">The vulnerabilities of this release could not be loaded: {plainError(page.error)}</p>}
      {data && Object.keys(data.bySeverity).length > 0 && (
        <p className="vulnerability-counts" data-testid="vulnerability-counts">
          {'By severity: '}
          {vulnerabilitySeverities.filter((s) => data.bySeverity[s]).map((s) => `${s}: ${data.bySeverity[s]}`).join(' · ')}
          {' — by VEX state: '}
          {Object.entries(data.byState).map(([s, n]) => `${s === 'undecided' ? 'no decision' : s}: ${n}`).join(' · ')}
        </p>
      )}
      <div className="filters" role="group" aria-label="Filter and sort vulnerabilities">
        <label>
          Severity
          <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="">All</option>
            {vulnerabilitySeverities.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>
          VEX state
          <select aria-label="VEX state" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">All</option>
            <option value="undecided">No decision</option>
            {vexStates.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>
          Sort by
          <select aria-label="Sort by" value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="severity">Severity</option>
            <option value="state">VEX state (undecided first)</option>
            <option value="component">Component</option>
          </select>
        </label>
      </div>
      {data && data.total === 0 && (
        <EmptyState title="No known vulnerabilities">
          <p>{severity || state ? 'None matches this filter.' : 'None was found for this release: import its SBOM or VEX documents, or match its components against the OSV database.'}</p>
        </EmptyState>
      )}
      {data && data.total > 0 && (
        <VirtualList
          rows={data.items}
          rowKey={(v) => v.key}
          estimateSize={64}
          label={`${data.total} vulnerabilities of ${release.identifier}`}
          className="vulnerability-list"
          testId="vulnerability-list"
          renderRow={(v) => (
            <div className={`vulnerability-row severity-${v.severity}`}>
              <span className="vulnerability-severity">{v.severity}{v.score !== null ? ` ${v.score.toFixed(1)}` : ''}</span>
              <span className="vulnerability-id">
                <strong>{v.vulnerability}</strong>
                {v.aliases.length > 0 && <small> {v.aliases.slice(0, 3).join(', ')}</small>}
              </span>
              <span className="vulnerability-component">
                {v.component.name ?? '—'} {v.component.version ?? ''}
                <small className="purl">{v.component.purl ?? v.component.ref ?? ''}</small>
              </span>
              <span className={v.decided ? 'vulnerability-state' : 'vulnerability-state undecided'}>{stateLabel(v)}</span>
              <span className="vulnerability-fix">{v.fixAvailable ? (v.fixedIn.length ? `fixed in ${v.fixedIn.join(', ')}` : 'fix available') : 'no fix known'}</span>
              <span className="vulnerability-sources">{v.sources.join(', ')}</span>
            </div>
          )}
        />
      )}
    </div>
  );
}
