import { useCallback, useEffect, useState } from 'react';
import type { Amendment, Audit } from '../../../../shared/api/audits';
import type { IdentityInfo, IssuedReport } from '../../../../shared/api/reports';
import { formatLocal } from '../../../../shared/time';
import { api } from '../../api/client';
import { followJob } from '../../api/follow-job';
import { reportDownloadUrl } from '../../api/report-download';
import { useNotices } from '../../components/Notice';
import { RequireAudit } from '../../components/RequireAudit';
import { useAudits } from '../../stores/audits';
import { AuditLifecycle } from '../audits/AuditLifecycle';
import { FingerprintText } from './FingerprintText';
import { IdentityPanel } from './IdentityPanel';
import { DistributionList, ExternalApproval, RetentionChoice } from './Audience';

export function ReportsScreen() {
  return <RequireAudit title="Reports">{(auditId) => <Reports key={auditId} auditId={auditId} />}</RequireAudit>;
}

/** Finalise the audit, set up the signing identity, issue signed reports, and see them all, checked. */
function Reports({ auditId }: { auditId: string }) {
  const [audit, setAudit] = useState<Audit | null>(null);
  const [reports, setReports] = useState<IssuedReport[]>([]);
  const [identity, setIdentity] = useState<IdentityInfo | null | undefined>(undefined);
  const [kind, setKind] = useState<'full' | 'summary'>('full');
  const [distribution, setDistribution] = useState<'internal' | 'external'>('internal');
  const [sign, setSign] = useState(true);
  const [building, setBuilding] = useState(false);
  const [issued, setIssued] = useState<IssuedReport | null>(null);
  const [progress, setProgress] = useState<{ stage: string; fraction: number }>({ stage: '', fraction: 0 });
  const push = useNotices((s) => s.push);
  const reload = useCallback(() => {
    api['audits.get']({ id: auditId }).then(setAudit, (e: Error) => push('error', e.message));
    api['reports.list']({ auditId }).then(setReports, (e: Error) => push('error', e.message));
    // A key that cannot be opened (say, no safe place for its passphrase) is said, not shown as missing.
    api['identity.get']({}).then(setIdentity, (e: Error) => {
      setIdentity(null);
      push('error', e.message);
    });
  }, [auditId, push]);
  useEffect(() => reload(), [reload]);

  async function generate() {
    setBuilding(true);
    setIssued(null);
    setProgress({ stage: 'Starting', fraction: 0 });
    try {
      const handle = await api['reports.start']({ auditId, kind, distribution, sign });
      const report = await followJob(handle, (step) => setProgress({ stage: step.phase, fraction: step.fraction }), 'The report could not be built.', 250);
      push('success', `Report ${report.reportId} issued${report.signature === 'valid' ? ' and signed' : ''}.`);
      setIssued(report);
      reload();
    } catch (error) {
      push('error', (error as Error).message);
    } finally {
      setBuilding(false);
    }
  }

  const [finalising, setFinalising] = useState(false);
  /** After a move or finalising from the incomplete list. */
  async function lifeChanged() {
    const next = await api['audits.get']({ id: auditId });
    setAudit(next);
    // Every screen reads the audit's status from the store: evidence capture closes at once.
    void useAudits.getState().load();
    if (next.status !== 'finalised') return;
    setFinalising(false);
    // Finalising sealed the ledger with the auditor's key, made then if there was none: show it.
    api['identity.get']({}).then(setIdentity, () => undefined);
    push('success', 'The audit is finalised.');
  }

  if (!audit || identity === undefined) return <p className="muted" role="status">Loading…</p>;
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1 tabIndex={-1}>Reports: {audit.name}</h1>
          <p className="muted">Full report or executive summary, internal or external (once a compliance or legal reviewer approves it), signed with your certificate and archived under the audit&apos;s retention policy.</p>
        </div>
      </header>
      <section className="panel form" aria-label="Finalise">
        <h2>Audit status: {audit.status}</h2>
        {audit.status === 'finalised' ? (
          <>
            <p className="read-only-note" role="note">
              Finalised {audit.finalisedAt ? formatLocal(audit.finalisedAt) : ''}: its records read only, here and on every screen. Reports can still be issued from it; a correction is an
              amendment, below.
            </p>
            <Amendments auditId={auditId} />
          </>
        ) : finalising ? (
          <AuditLifecycle audit={audit} focusFinalise onChanged={lifeChanged} onClose={() => setFinalising(false)} />
        ) : (
          <button type="button" onClick={() => setFinalising(true)}>
            Finalise the audit…
          </button>
        )}
      </section>
      <IdentityPanel identity={identity} onChanged={setIdentity} />
      <RetentionChoice auditId={auditId} />
      <ExternalApproval auditId={auditId} refresh={reports} />
      <section className="panel form" aria-label="Issue a report">
        <h2>Issue a report</h2>
        <fieldset className="field">
          <legend>Report</legend>
          <label className="choice">
            <input type="radio" name="kind" checked={kind === 'full'} onChange={() => setKind('full')} /> Full report
          </label>
          <label className="choice">
            <input type="radio" name="kind" checked={kind === 'summary'} onChange={() => setKind('summary')} /> Executive summary
          </label>
        </fieldset>
        <fieldset className="field">
          <legend>Distribution</legend>
          <label className="choice">
            <input type="radio" name="distribution" checked={distribution === 'internal'} onChange={() => setDistribution('internal')} /> Internal (everything)
          </label>
          <label className="choice">
            <input type="radio" name="distribution" checked={distribution === 'external'} onChange={() => setDistribution('external')} /> External (confidential findings and evidence withheld)
          </label>
        </fieldset>
        <label className="choice">
          <input type="checkbox" checked={sign} onChange={(e) => setSign(e.target.checked)} /> Sign with my certificate
        </label>
        <div className="actions">
          <button type="button" className="primary" disabled={building} onClick={() => void generate()}>
            {building ? 'Building the report…' : 'Issue report'}
          </button>
          {building && (
            <span className="upload-row" role="status">
              <progress aria-label="Building the report" max={1} value={progress.fraction} />
              <span>
                {progress.stage} ({Math.round(progress.fraction * 100)}%)
              </span>
            </span>
          )}
        </div>
        {issued && !building && (
          <p className="issued-note" role="status">
            Report <strong>{issued.reportId}</strong> issued{issued.signature === 'valid' ? ` and signed by ${issued.signedBy}` : ''}.{' '}
            <a href={reportDownloadUrl(issued.id)} download>
              Download {issued.reportId}.pdf
            </a>{' '}
            (also first in the list below).
          </p>
        )}
      </section>
      <section className="panel" aria-label="Issued reports">
        <h2>Issued reports</h2>
        {reports.length === 0 ? (
          <p className="muted">No report issued yet.</p>
        ) : (
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">Report</th>
                <th scope="col">Kind</th>
                <th scope="col">Signature</th>
                <th scope="col">Issued</th>
                <th scope="col">Keep until</th>
                <th scope="col">SHA-256</th>
                <th scope="col">File</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id} className={r.id === issued?.id ? 'just-issued' : undefined}>
                  <td>{r.reportId}</td>
                  <td>
                    {r.kind === 'full' ? 'Full' : 'Summary'}, {r.distribution}
                  </td>
                  <td className={r.signature === 'valid' ? 'status-ok' : r.signature === 'unsigned' ? 'muted' : 'status-error'}>
                    {r.signature === 'valid' ? `valid — ${r.signedBy}` : r.signature}
                    {r.certificateFingerprint && <FingerprintText value={r.certificateFingerprint} label={`Certificate fingerprint of report ${r.reportId}`} />}
                  </td>
                  <td>{formatLocal(r.generatedAt)}</td>
                  <td>{r.retainUntil}</td>
                  <td>
                    <code className="hash">{r.sha256.slice(0, 16)}…</code>
                  </td>
                  <td>
                    <a href={reportDownloadUrl(r.id)} download>
                      Download PDF
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <DistributionList reports={reports} onChanged={reload} />
    </div>
  );
}

function Amendments({ auditId }: { auditId: string }) {
  const [items, setItems] = useState<Amendment[]>([]);
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const push = useNotices((s) => s.push);
  useEffect(() => {
    api['audits.amendments']({ auditId }).then(setItems, () => setItems([]));
  }, [auditId]);
  return (
    <div>
      <h3>Amendments</h3>
      <ul>
        {items.map((a) => (
          <li key={a.id}>
            {formatLocal(a.at)} — {a.author}: {a.text} <span className="muted">({a.reason})</span>
          </li>
        ))}
      </ul>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="am-text">Amendment</label>
          <input id="am-text" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="am-reason">Why</label>
          <input id="am-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      </div>
      <button
        type="button"
        disabled={!text.trim() || !reason.trim()}
        onClick={() =>
          api['audits.amend']({ auditId, reason, text }).then(
            (a) => {
              setItems((l) => [...l, a]);
              setText('');
              setReason('');
            },
            (e: Error) => push('error', e.message),
          )
        }
      >
        Add amendment
      </button>
    </div>
  );
}
