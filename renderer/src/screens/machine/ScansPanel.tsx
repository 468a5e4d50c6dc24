import type { ReleaseTests } from '../../../../shared/api/testing';
import { scanLevels } from '../../../../shared/api/testing';
import { EmptyState } from '../../components/EmptyState';

// A release's scans: each tool's results by SARIF level, how many are above the audit's threshold,
// and every suppressed result with its justification (a missing one is shown as such).

export function ScansPanel({ tests }: { tests: ReleaseTests }) {
  if (tests.scans.length === 0) {
    return (
      <EmptyState title="No scans">
        <p>Import a SARIF 2.1.0 file from any scanner (CodeQL, Semgrep, Trivy…) on the Imports tab: its results by level and its suppressions appear here.</p>
      </EmptyState>
    );
  }
  return (
    <section className="panel" aria-label="Scans">
      <h2>Scans</h2>
      <table className="data-table" aria-label="Scans by tool and level">
        <thead>
          <tr><th>Tool</th><th>Version</th>{scanLevels.map((l) => <th key={l}>{l}</th>)}<th>Suppressed</th><th>Above threshold</th></tr>
        </thead>
        <tbody>
          {tests.scans.map((s, i) => (
            <tr key={`${s.importId}-${i}`} className={s.aboveThreshold > 0 ? 'highlight' : undefined}>
              <td>{s.tool}</td><td>{s.version ?? '—'}</td>{scanLevels.map((l) => <td key={l}>{s.levels[l] ?? 0}</td>)}<td>{s.suppressed}</td><td>{s.aboveThreshold}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Suppressed results ({tests.suppressed.length})</h3>
      {tests.suppressed.length === 0 ? (
        <p className="muted">No result was suppressed.</p>
      ) : (
        <table className="data-table" aria-label="Suppressed results">
          <thead>
            <tr><th>Tool</th><th>Rule</th><th>Level</th><th>Location</th><th>Status</th><th>Justification</th></tr>
          </thead>
          <tbody>
            {tests.suppressed.map((s) => (
              <tr key={s.factId} className={s.justification ? undefined : 'highlight'}>
                <td>{s.tool}</td><td>{s.ruleId ?? '—'}</td><td>{s.level}</td><td>{s.location ?? '—'}{s.startLine !== null ? `:${s.startLine}` : ''}</td><td>{s.status ?? 'accepted'}</td>
                <td>{s.justification ?? <strong>no justification</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
