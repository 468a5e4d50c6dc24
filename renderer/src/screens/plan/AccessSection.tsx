import { dataSourceLabels, dataSources, type DataSource } from '../../../../shared/plan-options';
import { newKey, type SectionProps } from './types';

/** Access to the data the audit needs: requested when and from whom, granted when and by whom. */
export function AccessSection({ plan, update }: SectionProps) {
  const rows = plan.accessRequests;
  const set = (next: typeof rows) => update({ accessRequests: next });
  const change = (index: number, patch: Partial<(typeof rows)[number]>) => set(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const add = (dataSource: DataSource) =>
    set([...rows, { key: newKey(), dataSource, description: '', requestedOn: new Date().toISOString().slice(0, 10), requestedFrom: '', grantedOn: null, grantedBy: '' }]);
  return (
    <section className="panel form" aria-label="Access to data sources">
      <h2>Access to data sources</h2>
      {rows.length > 0 && (
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Data source</th>
              <th scope="col">What</th>
              <th scope="col">Requested on</th>
              <th scope="col">Requested from</th>
              <th scope="col">Granted on</th>
              <th scope="col">Granted by</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const name = dataSourceLabels[row.dataSource];
              return (
                <tr key={row.key}>
                  <th scope="row">
                    {name}
                    <span className={row.grantedOn ? 'badge badge-ok' : 'badge badge-warn'}>{row.grantedOn ? 'granted' : 'pending'}</span>
                  </th>
                  <td>
                    <input
                      aria-label={`${name} description`}
                      placeholder={row.dataSource === 'other' ? 'Name the source' : 'e.g. read-only, prod only'}
                      value={row.description}
                      onChange={(e) => change(index, { description: e.target.value })}
                    />
                  </td>
                  <td>
                    <input type="date" aria-label={`${name} requested on`} value={row.requestedOn ?? ''} onChange={(e) => change(index, { requestedOn: e.target.value || null })} />
                  </td>
                  <td>
                    <input aria-label={`${name} requested from`} value={row.requestedFrom} onChange={(e) => change(index, { requestedFrom: e.target.value })} />
                  </td>
                  <td>
                    <input type="date" aria-label={`${name} granted on`} value={row.grantedOn ?? ''} onChange={(e) => change(index, { grantedOn: e.target.value || null })} />
                  </td>
                  <td>
                    <input aria-label={`${name} granted by`} value={row.grantedBy} onChange={(e) => change(index, { grantedBy: e.target.value })} />
                  </td>
                  <td>
                    <button type="button" className="small" aria-label={`Remove ${name} access`} onClick={() => set(rows.filter((_, i) => i !== index))}>
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="actions wrap">
        {dataSources.map((source) => (
          <button type="button" className="small" key={source} onClick={() => add(source)}>
            + {dataSourceLabels[source]}
          </button>
        ))}
      </div>
    </section>
  );
}
