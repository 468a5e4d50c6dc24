import { useEffect, useState } from 'react';
import type { SystemInfo, VerifyReport } from '../../../shared/api/system';
import { plural } from '../../../shared/plural';
import { api, transportName } from '../api/client';

/** Where the data lives, who is working, and a one-click integrity check. */
export function StatusBar() {
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api['system.info']({}).then(setInfo, (e: Error) => setError(e.message));
  }, []);

  async function verify() {
    setChecking(true);
    setError(null);
    try {
      setReport(await api['system.verify']({}));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setChecking(false);
    }
  }

  return (
    <footer className="status-bar" aria-label="Status">
      {info && (
        <span title={info.dataDir}>
          {info.actor} · data in {info.dataDir} · {transportName} · v{info.appVersion}
        </span>
      )}
      <span className="status-spacer" />
      {error && <span className="status-error" role="alert">{error}</span>}
      {report && !checking && (
        <span className={report.ok ? 'status-ok' : 'status-error'} role="status">
          {report.ok
            ? `Integrity verified: ${plural(report.checked.ledgerEntries, 'ledger entry', 'ledger entries')}, ${plural(report.checked.vaultObjects, 'vault object')}.`
            : `Integrity check found ${plural(report.problems.length, 'problem')}: ${report.problems[0]?.location}: ${report.problems[0]?.message}`}
        </span>
      )}
      <button type="button" className="small" onClick={() => void verify()} disabled={checking}>
        {checking ? 'Verifying…' : 'Verify integrity'}
      </button>
    </footer>
  );
}
