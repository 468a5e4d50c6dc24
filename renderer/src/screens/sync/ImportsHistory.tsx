import type { SyncStatus } from '../../../../shared/api/sync';
import { plural } from '../../../../shared/plural';
import { when } from './format';

/** The bundles imported here, newest first: what arrived from whom, and who let it in. */
export function ImportsHistory({ imports }: { imports: SyncStatus['imports'] }) {
  if (imports.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="sync-imports">
      <h2 id="sync-imports">Imported bundles</h2>
      <table className="data-table compact" aria-label="Imported bundles">
        <thead>
          <tr>
            <th scope="col">Audit</th>
            <th scope="col">From</th>
            <th scope="col">Made</th>
            <th scope="col">Imported</th>
            <th scope="col">New</th>
          </tr>
        </thead>
        <tbody>
          {imports.map((i) => (
            <tr key={i.bundleId}>
              <td>{i.auditName}</td>
              <td>{i.actor}</td>
              <td>{when(i.createdAt)}</td>
              <td>
                {when(i.importedAt)} <span className="muted">by {i.importedBy}</span>
              </td>
              <td>
                {plural(i.newEntries, 'entry', 'entries')}, {plural(i.newObjects, 'file')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
