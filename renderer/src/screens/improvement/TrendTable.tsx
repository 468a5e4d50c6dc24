import type { TrendChart } from '../../../../shared/api/trends';
import { formatTrendValue, trendUnitNames } from '../../../../shared/trend-option';

/** A chart's numbers as a table: a row per period, per series its value and the basis it rests on. */
export function TrendTable({ chart }: { chart: TrendChart }) {
  return (
    <div className="trend-chart-table">
      <table className="data-table">
        <caption className="sr-only">{`${chart.title}: the numbers (${trendUnitNames[chart.unit]})`}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            {chart.series.map((s) => [
              <th key={`${s.name}-v`} scope="col">
                {s.name}
              </th>,
              <th key={`${s.name}-b`} scope="col">
                {`Basis (${s.name})`}
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {chart.categories.map((category, i) => (
            <tr key={category}>
              <th scope="row">{category}</th>
              {chart.series.map((s) => [
                <td key={`${s.name}-v`} className="number">
                  {formatTrendValue(s.values[i], chart.unit)}
                </td>,
                <td key={`${s.name}-b`} className="number">
                  {s.basis[i] ?? 0}
                </td>,
              ])}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
