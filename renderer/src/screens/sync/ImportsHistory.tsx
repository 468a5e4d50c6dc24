import type { SyncStatus } from '../../../../shared/api/sync';
import { plural } from '../../../../shared/plural';
import { DataTable } from '../../components/DataTable';
import { when } from './format';

/** The bundles imported here, newest first: what arrived from whom, and who let it in. */
export function ImportsHistory({ imports }: { imports: SyncStatus['imports'] }) {
  if (imports.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="sync-imports">
      <h2 id="sync-imports">Imported bundles</h2>
      <DataTable
        className="data-table compact"
        label="Imported bundles"
        rows={imports}
        rowKey={(i) => i.bundleId}
        columns={[
          { header: 'Audit', cell: (i) => i.auditName },
          { header: 'From', cell: (i) => i.actor },
          { header: 'Made', cell: (i) => when(i.createdAt) },
          {
            header: 'Imported',
            cell: (i) => (
              <>
                {when(i.importedAt)} <span className="muted">by {i.importedBy}</span>
              </>
            ),
          },
          {
            header: 'New',
            cell: (i) => (
              <>
                {plural(i.newEntries, 'entry', 'entries')}, {plural(i.newObjects, 'file')}
              </>
            ),
          },
        ]}
      />
    </section>
  );
}
