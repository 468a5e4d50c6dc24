import { DataTable } from '../../components/DataTable';
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
        <DataTable
          className="data-table compact"
          rows={rows}
          rowKey={(row) => row.key}
          columns={[
            {
              header: 'Data source',
              rowHeader: true,
              cell: (row) => (
                <>
                  {dataSourceLabels[row.dataSource]}
                  <span className={row.grantedOn ? 'badge badge-ok' : 'badge badge-warn'}>{row.grantedOn ? 'granted' : 'pending'}</span>
                </>
              ),
            },
            {
              header: 'What',
              cell: (row, index) => (
                <input
                  aria-label={`${dataSourceLabels[row.dataSource]} description`}
                  placeholder={row.dataSource === 'other' ? 'Name the source' : 'e.g. read-only, prod only'}
                  value={row.description}
                  onChange={(e) => change(index, { description: e.target.value })}
                />
              ),
            },
            {
              header: 'Requested on',
              cell: (row, index) => (
                <input type="date" aria-label={`${dataSourceLabels[row.dataSource]} requested on`} value={row.requestedOn ?? ''} onChange={(e) => change(index, { requestedOn: e.target.value || null })} />
              ),
            },
            {
              header: 'Requested from',
              cell: (row, index) => <input aria-label={`${dataSourceLabels[row.dataSource]} requested from`} value={row.requestedFrom} onChange={(e) => change(index, { requestedFrom: e.target.value })} />,
            },
            {
              header: 'Granted on',
              cell: (row, index) => (
                <input type="date" aria-label={`${dataSourceLabels[row.dataSource]} granted on`} value={row.grantedOn ?? ''} onChange={(e) => change(index, { grantedOn: e.target.value || null })} />
              ),
            },
            {
              header: 'Granted by',
              cell: (row, index) => <input aria-label={`${dataSourceLabels[row.dataSource]} granted by`} value={row.grantedBy} onChange={(e) => change(index, { grantedBy: e.target.value })} />,
            },
            {
              header: 'Remove',
              hiddenHeader: true,
              cell: (row, index) => (
                <button type="button" className="small" aria-label={`Remove ${dataSourceLabels[row.dataSource]} access`} onClick={() => set(rows.filter((_, i) => i !== index))}>
                  ×
                </button>
              ),
            },
          ]}
        />
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
