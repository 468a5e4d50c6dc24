import { useState } from 'react';
import type { DoraDeployment, DoraGap, DoraKey, DoraKeys, DoraLevel } from '../../../../shared/api/dora';
import type { TrendPeriod } from '../../../../shared/api/trends';
import { formatLocal } from '../../../../shared/time';
import { api } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { useQuery } from '../../hooks/useQuery';
import { useAudits } from '../../stores/audits';

// DORA's four keys: each figure with its performance level (in the benchmark's words), what it rests
// on, its definition, the deployments behind it on demand, and the same keys per period.

const periodLabels: Record<TrendPeriod, string> = { month: 'Month', quarter: 'Quarter', cycle: 'Audit cycle' };
const levelClass: Record<DoraLevel, string> = { elite: 'badge badge-ok', high: 'badge badge-ok', medium: 'badge', low: 'badge badge-breach' };

export function formatKey(unit: DoraKey['unit'], value: number | null): string {
  if (value === null) return 'no figure';
  if (unit === 'per-week') return value >= 7 ? `${(value / 7).toFixed(1)} a day` : `${value.toFixed(2)} a week`;
  if (unit === 'percent') return `${value.toFixed(1)} %`;
  if (value < 1) return `${Math.round(value * 60)} min`;
  return value < 48 ? `${value.toFixed(1)} h` : `${(value / 24).toFixed(1)} days`;
}


export function DoraTab({ auditId }: { auditId: string | null }) {
  const auditName = useAudits((s) => s.audits.find((a) => a.id === auditId)?.name);
  const [scope, setScope] = useState<'all' | 'audit'>('all');
  const [system, setSystem] = useState('');
  const [period, setPeriod] = useState<TrendPeriod>('month');
  const oneAudit = scope === 'audit' && auditId !== null;
  const query = useQuery(
    () => api['dora.keys']({ period, ...(oneAudit ? { auditId } : {}), ...(system ? { system } : {}) }),
    [period, oneAudit, auditId, system],
  );
  const data: DoraKeys | undefined = query.data;
  return (
    <div>
      <div className="toolbar">
        <Field inline label="Audits">
          <select value={oneAudit ? 'audit' : 'all'} onChange={(e) => setScope(e.target.value as 'all' | 'audit')}>
            <option value="all">All audits</option>
            {auditId !== null && <option value="audit">{auditName ?? 'The chosen audit'} only</option>}
          </select>
        </Field>
        <Field inline label="System">
          <select value={system} onChange={(e) => setSystem(e.target.value)}>
            <option value="">All systems</option>
            {(data?.systems ?? []).map((s) => (
              <option key={s} value={s}>
                {s || '(no system named)'}
              </option>
            ))}
          </select>
        </Field>
        <Field inline label="Period">
          <select value={period} onChange={(e) => setPeriod(e.target.value as TrendPeriod)}>
            {(Object.keys(periodLabels) as TrendPeriod[]).map((p) => (
              <option key={p} value={p}>
                {periodLabels[p]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {query.error && (
        <p className="field-error" role="alert">
          {query.error}
        </p>
      )}
      {data && data.deployments.length === 0 && (
        <EmptyState title="No production deployments yet">
          <p>Releases with a deployment window, a war-room log or an imported pipeline run appear here as deployments.</p>
        </EmptyState>
      )}
      {data && data.deployments.length > 0 && <DoraView data={data} />}
    </div>
  );
}

function DoraView({ data }: { data: DoraKeys }) {
  return (
    <>
      <p className="muted small-print">
        Levels: {data.benchmark.name}, <span className="mono">{data.benchmark.source}</span>. {data.benchmark.note}
      </p>
      <div className="grid-2">
        {data.keys.map((key) => (
          <KeyPanel key={key.key} figure={key} deployments={data.deployments} />
        ))}
      </div>
      <section className="panel" aria-labelledby="dora-periods">
        <h2 id="dora-periods">Per {periodLabels[data.period].toLowerCase()}</h2>
        <DataTable
          label="The four keys per period"
          rows={data.periods}
          rowKey={(row) => row.label}
          columns={[
            { header: periodLabels[data.period], cell: (row) => row.label, rowHeader: true },
            { header: 'Deployments', cell: (row) => row.deployments },
            ...data.keys.map((k) => ({
              header: k.title,
              cell: (row: DoraKeys['periods'][number]) => `${formatKey(k.unit, row.values[k.key] ?? null)} (n=${row.basis[k.key] ?? 0})`,
            })),
          ]}
        />
      </section>
      {data.notCounted.length > 0 && (
        <section className="panel" aria-labelledby="dora-not-counted">
          <h2 id="dora-not-counted">Releases not counted as production deployments</h2>
          <GapList gaps={data.notCounted} />
        </section>
      )}
    </>
  );
}

function KeyPanel({ figure, deployments }: { figure: DoraKey; deployments: DoraDeployment[] }) {
  const [open, setOpen] = useState(false);
  const behind = deployments.filter((d) => figure.basisIds.includes(d.releaseId));
  const headingId = `dora-${figure.key}`;
  return (
    // Open, the panel takes the whole row so that its table of deployments has room.
    <section className="panel" aria-labelledby={headingId} style={open ? { gridColumn: '1 / -1' } : undefined}>
      <div className="panel-head">
        <h2 id={headingId}>{figure.title}</h2>
        {figure.band && <span className={levelClass[figure.band.level]}>{figure.band.level}</span>}
      </div>
      <p>
        <strong>{formatKey(figure.unit, figure.value)}</strong>
        {figure.band && <span className="muted"> · {figure.band.level} level: {figure.band.words}</span>}
      </p>
      <p className="muted">Rests on {figure.basis === 1 ? '1 deployment' : `${figure.basis} deployments`}.</p>
      <p className="small-print">{figure.definition}</p>
      {figure.leftOut.length > 0 && (
        <details>
          <summary>Left out: {figure.leftOut.length === 1 ? '1 deployment' : `${figure.leftOut.length} deployments`}</summary>
          <GapList gaps={figure.leftOut} />
        </details>
      )}
      {behind.length > 0 && (
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide the deployments' : `Show the ${behind.length === 1 ? 'deployment' : `${behind.length} deployments`}`}
        </button>
      )}
      {open && (
        <DataTable
          label={`Deployments behind ${figure.title.toLowerCase()}`}
          rows={behind}
          rowKey={(d) => d.releaseId}
          columns={[
            { header: 'Release', cell: (d) => d.identifier, rowHeader: true },
            { header: 'Audit', cell: (d) => d.auditName },
            { header: 'System', cell: (d) => d.system || '(none)' },
            { header: 'Deployed', cell: (d) => <span title={`From ${d.deployedAtFrom}`}><time dateTime={d.deployedAt}>{formatLocal(d.deployedAt)}</time></span> },
            ...(figure.key === 'lead-time' ? [{ header: 'Lead time', cell: (d: DoraDeployment) => `${formatKey('hours', d.leadTimeHours)} (${d.commits === 1 ? '1 commit' : `${d.commits} commits`})` }] : []),
            ...(figure.key === 'change-failure-rate' ? [{ header: 'Failed', cell: (d: DoraDeployment) => d.failure ?? 'no' }] : []),
            ...(figure.key === 'recovery-time' ? [{ header: 'Recovered', cell: (d: DoraDeployment) => `${d.recoveredAt ? formatLocal(d.recoveredAt) : 'not yet'} (${formatKey('hours', d.recoveryHours)})` }] : []),
          ]}
        />
      )}
    </section>
  );
}

function GapList({ gaps }: { gaps: DoraGap[] }) {
  return (
    <ul>
      {gaps.map((g) => (
        <li key={g.releaseId}>
          {g.identifier}: {g.reason}
        </li>
      ))}
    </ul>
  );
}
