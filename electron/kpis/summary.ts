import type { KpiRow, KpiScope, KpiSummary } from '../../shared/api/kpis';
import type { TrendPeriod } from '../../shared/api/trends';
import { requireAudit, rowOrNotFound } from '../rows';
import type { Core } from '../services';
import { kpiById, kpiCatalogue, partLabel, percentOf } from './catalogue';
import { refreshKpis } from './store';

// The KPIs of a scope and period, added up from the kept figures (never from the audits' records):
// each KPI's numerator and denominator summed over the figures the scope and period hold.

export interface PeriodFigure {
  period: string;
  kpi: string;
  part: string;
  numerator: number;
  denominator: number;
}

/** Which figures a scope holds, as SQL over kpi_figures and its parameter. */
function scopeWhere(scope: KpiScope): { where: string; params: string[] } {
  switch (scope.kind) {
    case 'all':
      return { where: '1 = 1', params: [] };
    case 'audit':
      return { where: 'audit_id = ?', params: [scope.auditId] };
    case 'system':
      return { where: 'system = ?', params: [scope.system] };
    case 'release':
      return { where: 'release_id = ?', params: [scope.releaseId] };
    case 'team':
      return { where: 'team = ?', params: [scope.team] };
  }
}

const periodKey: Record<TrendPeriod, string> = {
  month: 'month',
  quarter: "substr(month, 1, 4) || '-Q' || ((CAST(substr(month, 6, 2) AS INTEGER) + 2) / 3)",
  cycle: 'audit_id',
};

export const today = () => new Date().toISOString().slice(0, 10);

/** The figures of a scope per period, KPI and part, after recomputing the audits changed since the last view. */
export function periodFigures(core: Core, scope: KpiScope, period: TrendPeriod, months: { from?: string | undefined; to?: string | undefined } = {}): { figures: PeriodFigure[]; recomputed: number; asOf: string } {
  const recomputed = refreshKpis(core).length;
  const asOf = today();
  const { where, params } = scopeWhere(scope);
  const bounds = [...(months.from ? ['month >= ?'] : []), ...(months.to ? ['month <= ?'] : [])];
  const figures = core.sqlite
    .prepare(
      `SELECT ${periodKey[period]} AS period, kpi, part,
         sum(CASE WHEN due_on <> '' THEN (due_on < ?) ELSE numerator END) AS numerator, sum(denominator) AS denominator
       FROM kpi_figures WHERE ${[where, ...bounds].join(' AND ')} GROUP BY 1, kpi, part`,
    )
    .all(asOf, ...params, ...(months.from ? [months.from.slice(0, 7)] : []), ...(months.to ? [months.to.slice(0, 7)] : [])) as PeriodFigure[];
  return { figures, recomputed, asOf };
}

/** The periods' keys oldest first, with their labels: a month or quarter is its own label, an audit cycle its audit's name. */
export function periodOptions(core: Core, period: TrendPeriod, keys: Iterable<string>): Array<{ key: string; label: string }> {
  const unique = [...new Set(keys)];
  if (period !== 'cycle') return unique.sort().map((key) => ({ key, label: key }));
  const audits = core.sqlite.prepare('SELECT id, name, created_at AS createdAt FROM audits WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(unique)) as Array<{ id: string; name: string; createdAt: string }>;
  return audits.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).map((a) => ({ key: a.id, label: a.name }));
}

/** A KPI's value: a percentage of its basis, or the count itself; null with nothing to count. */
export function kpiValue(kpi: string, numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  if (kpiById.get(kpi)?.unit === 'count') return numerator;
  return percentOf(numerator, denominator);
}

export function kpiSummary(core: Core, input: { scope: KpiScope; period: TrendPeriod; key: string | null }): KpiSummary {
  if (input.scope.kind === 'audit') requireAudit(core, input.scope.auditId);
  if (input.scope.kind === 'release') rowOrNotFound(core, 'releases', input.scope.releaseId, 'release');
  const { figures, recomputed, asOf } = periodFigures(core, input.scope, input.period);
  const chosen = input.key === null ? figures : figures.filter((f) => f.period === input.key);
  const sums = new Map<string, { numerator: number; denominator: number }>();
  for (const f of chosen) {
    const key = `${f.kpi}\n${f.part}`;
    const sum = sums.get(key) ?? { numerator: 0, denominator: 0 };
    sum.numerator += f.numerator;
    sum.denominator += f.denominator;
    sums.set(key, sum);
  }
  const rows: KpiRow[] = kpiCatalogue.map((definition) => {
    const total = sums.get(`${definition.id}\n`) ?? { numerator: 0, denominator: 0 };
    const parts = [...sums.entries()]
      .filter(([key]) => key.startsWith(`${definition.id}\n`) && !key.endsWith('\n'))
      .map(([key, sum]) => {
        const part = key.slice(definition.id.length + 1);
        return { part, label: partLabel(part), value: kpiValue(definition.id, sum.numerator, sum.denominator), ...sum };
      })
      .sort((a, b) => a.part.localeCompare(b.part));
    return { ...definition, value: kpiValue(definition.id, total.numerator, total.denominator), ...total, parts };
  });
  const audits = (core.sqlite.prepare('SELECT count(*) AS n FROM audits').get() as { n: number }).n;
  return { rows, periods: periodOptions(core, input.period, figures.map((f) => f.period)), recomputed, audits, asOf };
}

/** The systems, owner teams and releases the figures can be narrowed to. */
export function kpiScopes(core: Core) {
  refreshKpis(core);
  const systems = (core.sqlite.prepare("SELECT DISTINCT system FROM kpi_figures WHERE system <> '' ORDER BY system").all() as Array<{ system: string }>).map((r) => r.system);
  const teams = (core.sqlite.prepare("SELECT DISTINCT team FROM kpi_figures WHERE team <> '' ORDER BY team").all() as Array<{ team: string }>).map((r) => r.team);
  const releases = core.sqlite
    .prepare('SELECT r.id, r.identifier, r.system, a.name AS auditName FROM releases r JOIN audits a ON a.id = r.audit_id ORDER BY a.created_at, r.identifier, r.id')
    .all() as Array<{ id: string; identifier: string; system: string; auditName: string }>;
  return { systems, teams, releases };
}
