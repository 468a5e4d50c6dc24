import { useState } from 'react';
import { trendPeriods, type TrendChart as TrendChartData, type TrendPeriod, type TrendQuery } from '../../../../shared/api/trends';
import { api } from '../../api/client';
import { downloadText } from '../../api/text-download';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { useNotices } from '../../components/Notice';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';
import { TrendChart } from './TrendChart';

// The Trends view: every provider's charts (findings, KPIs, DORA keys, emergency releases,
// maturity…) by month, quarter or audit cycle, across every audit, for the chosen audit or for one
// system, grouped under a heading per group.

const periodLabels: Record<TrendPeriod, string> = { month: 'Month', quarter: 'Quarter', cycle: 'Audit cycle' };

const groupTitles: Record<string, string> = {
  findings: 'Findings',
  kpi: 'Release-process KPIs',
  dora: 'DORA keys',
  emergency: 'Emergency releases',
  maturity: 'Maturity',
};

const groupTitle = (group: string) => groupTitles[group] ?? group.charAt(0).toUpperCase() + group.slice(1);

/** Charts by group, in the order the groups first appear. */
function grouped(charts: TrendChartData[]): Array<[string, TrendChartData[]]> {
  const groups = new Map<string, TrendChartData[]>();
  for (const chart of charts) groups.set(chart.group, [...(groups.get(chart.group) ?? []), chart]);
  return [...groups];
}

export function TrendsTab({ auditId }: { auditId: string | null }) {
  const [period, setPeriod] = useState<TrendPeriod>('quarter');
  // 'all', 'audit' (the audit chosen in the context bar) or 'system:<name>'.
  const [scope, setScope] = useState('all');
  const push = useNotices((s) => s.push);
  const scopeOfAudit = scope === 'audit' && auditId !== null;
  const query: TrendQuery = {
    period,
    ...(scopeOfAudit ? { auditId } : {}),
    ...(scope.startsWith('system:') ? { system: scope.slice('system:'.length) } : {}),
  };
  const { data, loading, error } = useQuery(() => api['trends.charts'](query), [period, scope, auditId], useErrorNotice());

  async function downloadCsv(chart: TrendChartData) {
    try {
      const file = await api['trends.csv']({ query, chartId: chart.id });
      downloadText(file.text, file.fileName, 'text/csv;charset=utf-8');
    } catch (failure) {
      push('error', (failure as Error).message);
    }
  }

  const charts = data?.charts ?? [];
  const nothing = charts.every((c) => c.categories.length === 0);
  return (
    <section aria-label="Trends">
      <div className="trend-controls">
        <Field label="Period">
          <select value={period} onChange={(e) => setPeriod(e.target.value as TrendPeriod)}>
            {trendPeriods.map((p) => (
              <option key={p} value={p}>
                {periodLabels[p]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Scope" hint={scope === 'audit' && auditId === null ? 'Choose an audit in the context bar first.' : undefined}>
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="all">All audits</option>
            <option value="audit" disabled={auditId === null}>
              The chosen audit
            </option>
            {(data?.systems ?? []).map((system) => (
              <option key={system} value={`system:${system}`}>
                {`System: ${system}`}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {data?.failures.map((f) => (
        <p key={f.provider} className="trend-failures" role="alert">
          {f.message}
        </p>
      ))}
      {error && <p className="trend-failures">{error}</p>}
      {loading && !data ? (
        <p className="muted" role="status">
          Computing the charts…
        </p>
      ) : data && nothing ? (
        <EmptyState title="No trends to show yet">
          <p>
            The charts fill in as audits hold data: findings raised and closed, checklist results, releases with their change records, war-room
            and pipeline facts, and maturity assessments. After two or three audit cycles they show whether the release process is getting better.
          </p>
        </EmptyState>
      ) : (
        grouped(charts).map(([group, list]) => (
          <section key={group} className="trend-group" aria-labelledby={`trend-group-${group}`}>
            <h2 id={`trend-group-${group}`}>{groupTitle(group)}</h2>
            <div className="trend-grid">
              {list.map((chart) => (
                <TrendChart key={chart.id} chart={chart} onCsv={(c) => void downloadCsv(c)} />
              ))}
            </div>
          </section>
        ))
      )}
    </section>
  );
}
