import { useState } from 'react';
import type { IdentityInfo, IssuedReport } from '../../../../shared/api/reports';
import { formatLocal } from '../../../../shared/time';
import { api } from '../../api/client';
import { followJob } from '../../api/follow-job';
import { reportDownloadUrl } from '../../api/report-download';
import { DataTable, type Column } from '../../components/DataTable';
import { TextField } from '../../components/Field';
import { useNotices } from '../../components/Notice';
import { RequireAudit } from '../../components/RequireAudit';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';
import { useAudits } from '../../stores/audits';
import { AuditLifecycle } from '../audits/AuditLifecycle';
import { FingerprintText } from './FingerprintText';
import { IdentityPanel } from './IdentityPanel';
import { DistributionList, ExternalApproval, RetentionChoice } from './Audience';
import { ExportMenu } from './ExportMenu';

// One empty list for every render before the first answer: screens below reload when it changes.
const noReports: IssuedReport[] = [];

export function ReportsScreen() {
  return <RequireAudit title="Reports">{(auditId) => <Reports key={auditId} auditId={auditId} />}</RequireAudit>;
}

/** Finalise the audit, set up the signing identity, issue signed reports, and see them all, checked. */
function Reports({ auditId }: { auditId: string }) {
  const [kind, setKind] = useState<'full' | 'summary'>('full');
  const [distribution, setDistribution] = useState<'internal' | 'external'>('internal');
  const [sign, setSign] = useState(true);
  const [building, setBuilding] = useState(false);
  const [issued, setIssued] = useState<IssuedReport | null>(null);
  const [progress, setProgress] = useState<{ stage: string; fraction: number }>({ stage: '', fraction: 0 });
  const push = useNotices((s) => s.push);
  const onError = useErrorNotice();
  const auditQuery = useQuery(() => api['audits.get']({ id: auditId }), [auditId], onError);
  const reportsQuery = useQuery(() => api['reports.list']({ auditId }), [auditId], onError);
  // A key that cannot be opened (say, no safe place for its passphrase) is said, not shown as missing.
  const identityQuery = useQuery(() => api['identity.get']({}), [], onError);
  const audit = auditQuery.data;
  const reports = reportsQuery.data ?? noReports;
  const identity: IdentityInfo | null | undefined = identityQuery.error ? null : identityQuery.data;
  const reload = () => {
    void auditQuery.reload();
    void reportsQuery.reload();
    void identityQuery.reload();
  };

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
    auditQuery.setData(next);
    // Every screen reads the audit's status from the store: evidence capture closes at once.
    void useAudits.getState().load();
    if (next.status !== 'finalised') return;
    setFinalising(false);
    // Finalising sealed the ledger with the auditor's key, made then if there was none: show it.
    api['identity.get']({}).then(identityQuery.setData, () => undefined);
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
      <IdentityPanel identity={identity ?? null} onChanged={identityQuery.setData} />
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
        <DataTable
          className="data-table compact"
          rows={reports}
          rowKey={(r) => r.id}
          rowClassName={(r) => (r.id === issued?.id ? 'just-issued' : undefined)}
          empty={<p className="muted">No report issued yet.</p>}
          columns={reportColumns}
        />
      </section>
      <DistributionList reports={reports} onChanged={reload} />
      <ExportMenu auditId={auditId} />
    </div>
  );
}

const reportColumns: Array<Column<IssuedReport>> = [
  { header: 'Report', cell: (r) => r.reportId },
  {
    header: 'Kind',
    cell: (r) => (
      <>
        {r.kind === 'full' ? 'Full' : 'Summary'}, {r.distribution}
      </>
    ),
  },
  {
    header: 'Signature',
    cellClassName: (r) => (r.signature === 'valid' ? 'status-ok' : r.signature === 'unsigned' ? 'muted' : 'status-error'),
    cell: (r) => (
      <>
        {r.signature === 'valid' ? `valid — ${r.signedBy}` : r.signature}
        {r.certificateFingerprint && <FingerprintText value={r.certificateFingerprint} label={`Certificate fingerprint of report ${r.reportId}`} />}
      </>
    ),
  },
  { header: 'Issued', cell: (r) => formatLocal(r.generatedAt) },
  { header: 'Keep until', cell: (r) => r.retainUntil },
  { header: 'SHA-256', cell: (r) => <code className="hash">{r.sha256.slice(0, 16)}…</code> },
  {
    header: 'File',
    cell: (r) => (
      <a href={reportDownloadUrl(r.id)} download>
        Download PDF
      </a>
    ),
  },
];

function Amendments({ auditId }: { auditId: string }) {
  const { data: items = [], setData: setItems } = useQuery(() => api['audits.amendments']({ auditId }), [auditId]);
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const push = useNotices((s) => s.push);
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
        <TextField label="Amendment" value={text} onChange={setText} />
        <TextField label="Why" value={reason} onChange={setReason} />
      </div>
      <button
        type="button"
        disabled={!text.trim() || !reason.trim()}
        onClick={() =>
          api['audits.amend']({ auditId, reason, text }).then(
            (a) => {
              setItems((l) => [...(l ?? []), a]);
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
