import type { VersionTable } from '../../../../shared/api/release-versions';
import { EmptyState } from '../../components/EmptyState';

// What each source says the release's version is; the sources that disagree are highlighted.

export function VersionsPanel({ table }: { table: VersionTable }) {
  if (table.rows.length === 0) {
    return (
      <EmptyState title="No versions yet">
        <p>Import a git log with tags, pipeline logs, a Rollout or an SBOM, or type the source tag, build and manifest version on the Details tab.</p>
      </EmptyState>
    );
  }
  return (
    <section className="panel" aria-label="Versions">
      <h2>Versions</h2>
      {table.disagree ? (
        <p className="field-error" role="alert" data-testid="versions-disagree">{table.message}</p>
      ) : (
        <p className="muted">{table.version ? `Every source that states a version says ${table.version}.` : 'No source states a version.'}</p>
      )}
      <table className="data-table" aria-label="Versions by source">
        <thead>
          <tr><th>Source</th><th>Says</th><th>Version</th><th>Agrees</th><th>Lines</th></tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={`${r.source}-${i}`} className={r.agrees === false ? 'highlight' : undefined} data-agrees={String(r.agrees)}>
              <td>{r.source}</td><td>{r.label}</td><td>{r.version ?? '—'}</td>
              <td>{r.agrees === null ? <span className="muted">{r.note || 'not compared'}</span> : r.agrees ? 'yes' : <strong>no</strong>}</td>
              <td>{r.lines ? `${r.lines[0]}–${r.lines[1]}` : 'typed'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
