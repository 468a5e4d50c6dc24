import { Fragment, useState } from 'react';
import type { KpiRow, KpiScope, KpiSummary } from '../../../../shared/api/kpis';
import type { TrendPeriod } from '../../../../shared/api/trends';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';
import { EmergencyReviewPanel } from './kpis/EmergencyReviewPanel';

// The KPIs of the release process for a scope and a period: each with its value, the basis it rests
// on (numerator / denominator) and its definition beside it; breakdowns (stages, frameworks,
// documents, severities) as rows under their KPI. The emergency review follows.

type ScopeKind = KpiScope['kind'];
type Scopes = Awaited<ReturnType<(typeof api)['kpis.scopes']>>;

const periodLabels: Record<TrendPeriod, string> = { month: 'Month', quarter: 'Quarter', cycle: 'Audit cycle' };

function shown(row: Pick<KpiRow, 'value' | 'unit'>): string {
  if (row.value === null) return '—';
  return row.unit === 'percent' ? `${row.value.toFixed(1)} %` : String(row.value);
}

function scopeOf(kind: ScopeKind, choice: string, auditId: string | null): KpiScope | null {
  switch (kind) {
    case 'all':
      return { kind: 'all' };
    case 'audit':
      return auditId ? { kind: 'audit', auditId } : null;
    case 'system':
      return choice ? { kind: 'system', system: choice } : null;
    case 'release':
      return choice ? { kind: 'release', releaseId: choice } : null;
    case 'team':
      return choice ? { kind: 'team', team: choice } : null;
  }
}

export function KpisTab({ auditId }: { auditId: string | null }) {
  const onError = useErrorNotice();
  const [kind, setKind] = useState<ScopeKind>('all');
  const [choice, setChoice] = useState('');
  const [period, setPeriod] = useState<TrendPeriod>('cycle');
  const [key, setKey] = useState<string | null>(null);
  const scope = scopeOf(kind, choice, auditId);
  const { data: scopes } = useQuery((): Promise<Scopes> => api['kpis.scopes']({}), [], onError);
  const { data, loading } = useQuery(
    (): Promise<KpiSummary | null> => (scope ? api['kpis.summary']({ scope, period, key }) : Promise.resolve(null)),
    [JSON.stringify(scope), period, key],
    onError,
  );
  const options: Array<{ value: string; label: string }> =
    kind === 'system' ? (scopes?.systems ?? []).map((s) => ({ value: s, label: s }))
    : kind === 'team' ? (scopes?.teams ?? []).map((t) => ({ value: t, label: t }))
    : kind === 'release' ? (scopes?.releases ?? []).map((r) => ({ value: r.id, label: `${r.identifier}${r.system ? ` (${r.system})` : ''} — ${r.auditName}` }))
    : [];
  return (
    <section className="panel" aria-label="KPIs">
      <h2>KPIs of the release process</h2>
      <div className="grid-2 form">
        <Field label="Scope">
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as ScopeKind);
              setChoice('');
            }}
          >
            <option value="all">All audits</option>
            <option value="audit">This audit</option>
            <option value="system">A system</option>
            <option value="release">A release</option>
            <option value="team">A team (finding owners)</option>
          </select>
        </Field>
        {options.length > 0 || kind === 'system' || kind === 'team' || kind === 'release' ? (
          <Field label={kind === 'system' ? 'System' : kind === 'team' ? 'Team' : 'Release'}>
            <select value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">Choose…</option>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label="Periods by">
          <select
            value={period}
            onChange={(e) => {
              setPeriod(e.target.value as TrendPeriod);
              setKey(null);
            }}
          >
            {(Object.keys(periodLabels) as TrendPeriod[]).map((p) => (
              <option key={p} value={p}>
                {periodLabels[p]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Period">
          <select value={key ?? ''} onChange={(e) => setKey(e.target.value === '' ? null : e.target.value)}>
            <option value="">All periods together</option>
            {(data?.periods ?? []).map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {kind === 'audit' && !auditId ? <p className="muted">Choose an audit in the context bar to see its KPIs.</p> : null}
      {scope && data ? (
        <>
          <p className="muted" aria-live="polite">
            {loading ? 'Updating… ' : ''}Open findings are judged overdue as of {data.asOf} (UTC). Figures of {data.recomputed} of {data.audits} audit{data.audits === 1 ? '' : 's'} were recomputed for this view (the others had not changed).
          </p>
          <KpiTable rows={data.rows} />
        </>
      ) : null}
      <EmergencyReviewPanel auditId={kind === 'audit' ? auditId : null} system={kind === 'system' && choice ? choice : null} />
    </section>
  );
}

export function KpiTable({ rows }: { rows: KpiRow[] }) {
  return (
    <table className="data-table kpi-table" aria-label="KPIs">
      <thead>
        <tr>
          <th scope="col">KPI and its definition</th>
          <th scope="col" style={{ width: '7em' }}>
            Value
          </th>
          <th scope="col" style={{ width: '9em' }}>
            Basis (n)
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <Fragment key={row.id}>
            <tr data-kpi={row.id}>
              <td>
                <strong>{row.title}</strong>
                <div className="muted" style={{ fontSize: '0.85em' }}>
                  {row.definition} {row.better === 'lower' ? 'Lower is better.' : 'Higher is better.'}
                </div>
              </td>
              <td>{shown(row)}</td>
              <td>{row.denominator === 0 ? 'nothing counted' : `${row.numerator} / ${row.denominator}`}</td>
            </tr>
            {row.parts.map((p) => (
              <tr key={`${row.id}-${p.part}`} data-kpi-part={`${row.id}:${p.part}`}>
                <td style={{ paddingLeft: '2em' }}>{p.label}</td>
                <td>{shown({ value: p.value, unit: row.unit })}</td>
                <td>{`${p.numerator} / ${p.denominator}`}</td>
              </tr>
            ))}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
