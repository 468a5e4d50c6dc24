import { useState } from 'react';
import { departmentPaths, type DepartmentKpis, type DepartmentTrends } from '../../../shared/api/department';
import { trendPeriods, type TrendChart as TrendChartData, type TrendPeriod } from '../../../shared/api/trends';
import { downloadText } from '../api/text-download';
import { useQuery } from '../hooks/useQuery';
import { KpiTable } from '../screens/improvement/KpisTab';
import { TrendChart } from '../screens/improvement/TrendChart';
import { read } from './api';

// The improvement loop across every audit on the hub: the KPI table and the trend charts as the app
// shows them (the same components, the same definitions beside each figure), for a period grouping.

const periodLabels: Record<TrendPeriod, string> = { month: 'Month', quarter: 'Quarter', cycle: 'Audit cycle' };

export function ImprovementPanel() {
  const [period, setPeriod] = useState<TrendPeriod>('cycle');
  const kpis = useQuery(() => read<DepartmentKpis>(departmentPaths.kpis, { period }), [period]);
  const trends = useQuery(() => read<DepartmentTrends>(departmentPaths.trends, { period }), [period]);
  const [csvError, setCsvError] = useState<string | null>(null);
  const csv = (chart: TrendChartData) =>
    read<{ fileName: string; text: string }>(departmentPaths.trendCsv, { period, chart: chart.id })
      .then((file) => downloadText(file.text, file.fileName, 'text/csv'))
      .catch((error: Error) => setCsvError(error.message));

  return (
    <>
      <section className="panel" aria-labelledby="department-kpis">
        <h2 id="department-kpis">KPIs of the release process, all audits</h2>
        <div role="group" aria-label="Periods by" className="department-periods">
          <span className="muted">Periods by</span>
          {trendPeriods.map((p) => (
            <button key={p} type="button" className="small" aria-pressed={period === p} onClick={() => setPeriod(p)}>
              {periodLabels[p]}
            </button>
          ))}
        </div>
        {kpis.error ? <p role="alert" className="form-error">{kpis.error}</p> : null}
        {kpis.data ? (
          <>
            <p className="muted">
              Open findings are judged overdue as of {kpis.data.asOf} (UTC). Figures of {kpis.data.audits} audit{kpis.data.audits === 1 ? '' : 's'}, every period together.
            </p>
            <KpiTable rows={kpis.data.rows} />
          </>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
      <section className="panel" aria-labelledby="department-trends">
        <h2 id="department-trends">Trends by {periodLabels[period].toLowerCase()}</h2>
        {trends.error ? <p role="alert" className="form-error">{trends.error}</p> : null}
        {csvError ? <p role="alert" className="form-error">{csvError}</p> : null}
        {trends.data?.failures.map((f) => (
          <p key={f.provider} role="alert" className="form-error">
            {f.message}
          </p>
        ))}
        <div className="trend-grid">
          {trends.data?.charts.map((chart) => <TrendChart key={chart.id} chart={chart} onCsv={(c) => void csv(c)} />)}
        </div>
      </section>
    </>
  );
}
