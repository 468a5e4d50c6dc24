import { useState } from 'react';
import type { VerifyReport } from '../../../shared/api/system';
import { plural } from '../../../shared/plural';
import { api, transportName } from '../api/client';
import { useQuery } from '../hooks/useQuery';

/** Where the data lives, who is working, and a one-click integrity check. */
export function StatusBar() {
  const { data: info, error: infoError } = useQuery(() => api['system.info']({}), []);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showProblems, setShowProblems] = useState(false);

  async function verify() {
    setChecking(true);
    setError(null);
    try {
      const next = await api['system.verify']({});
      setReport(next);
      setShowProblems(!next.ok);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setChecking(false);
    }
  }

  return (
    <footer className="status-bar" aria-label="Status">
      {info && (
        <span className="status-info" title={info.dataDir}>
          {info.actor} · data in {info.dataDir} · {transportName} · v{info.appVersion}
        </span>
      )}
      <span className="status-spacer" />
      {(error ?? infoError) && <span className="status-error" role="alert">{error ?? infoError}</span>}
      {report && !checking && (
        <span className={report.ok ? 'status-ok' : 'status-error'} role="status">
          {report.ok
            ? `Integrity verified: ${plural(report.checked.ledgerEntries, 'ledger entry', 'ledger entries')}, ${plural(report.checked.vaultObjects, 'vault object')}.`
            : `Integrity check found ${plural(report.problems.length, 'problem')}.`}
        </span>
      )}
      {report && !report.ok && (
        <button type="button" className="small" aria-expanded={showProblems} onClick={() => setShowProblems((v) => !v)}>
          {showProblems ? 'Hide problems' : 'Show problems'}
        </button>
      )}
      {report && !report.ok && showProblems && (
        <section className="problems-panel" aria-label="Integrity problems">
          <h2>Integrity problems</h2>
          <p className="muted">Each line says what no longer holds and where. Nothing was changed by this check.</p>
          <ul>
            {report.problems.map((p, i) => (
              <li key={i}>
                <strong>{p.area}</strong> · <code>{p.location}</code>: {p.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <button type="button" className="small" onClick={() => void verify()} disabled={checking}>
        {checking ? 'Verifying…' : 'Verify integrity'}
      </button>
    </footer>
  );
}
