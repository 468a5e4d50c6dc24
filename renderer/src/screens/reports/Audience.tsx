import { useState, type FormEvent } from 'react';
import type { ApprovalState, AuditRetention, DistributionEntry, IssuedReport, RetentionPolicy } from '../../../../shared/api/reports';
import { formatDate, formatLocal } from '../../../../shared/time';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';
import { Field } from '../../components/Field';

// Who may read a report and who did: the compliance or legal approval an external edition is issued
// under, the retention policy the audit's reports are kept under, and each report's distribution list.
// Every form saves on Enter or its button and says what was saved.

const roleName = (role: string) => (role === 'legal' ? 'Legal' : 'Compliance');
/** Today on this computer, as a calendar date. */
const today = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

/** The approval of the audit's external edition as it stands; recording one covers the edition shown now. */
export function ExternalApproval({ auditId, refresh }: { auditId: string; refresh: unknown }) {
  const onError = useErrorNotice();
  const { data: state, reload: load } = useQuery((): Promise<ApprovalState> => api['reports.approvals']({ auditId }), [auditId, refresh], onError);
  const [reviewer, setReviewer] = useState('');
  const [role, setRole] = useState<'compliance' | 'legal'>('compliance');
  const [comment, setComment] = useState('');
  const [saved, setSaved] = useState('');
  const push = useNotices((s) => s.push);

  function submit(event: FormEvent) {
    event.preventDefault();
    api['reports.approve']({ auditId, reviewer, role, comment }).then(
      (a) => {
        setSaved(`Approval by ${a.reviewer} (${roleName(a.role)}) recorded: the external edition can be issued.`);
        setReviewer('');
        setComment('');
        void load();
      },
      (e: Error) => push('error', e.message),
    );
  }

  const current = state?.current;
  const stale = !current ? state?.approvals[0] : undefined;
  return (
    <section className="panel form" aria-label="Approval for external distribution">
      <h2>Approval for external distribution</h2>
      <p role="status" className={current ? 'status-ok' : 'muted'}>
        {!state
          ? 'Loading…'
          : current
            ? `Approved by ${current.reviewer} (${roleName(current.role)}) on ${formatLocal(current.approvedAt)}${current.comment ? `: ${current.comment}` : ''}. It covers the external edition as it stands (${current.approvedContent}).`
            : stale
              ? `The last approval, by ${stale.reviewer} (${roleName(stale.role)}) on ${formatLocal(stale.approvedAt)}, was for the audit before it changed (${stale.approvedContent}; now ${state.edition}): the external edition needs a new one.`
              : `No one has approved the external edition (${state.edition}): it cannot be issued until a compliance or legal reviewer approves it here.`}
      </p>
      <form onSubmit={submit} aria-label="Record an approval">
        <div className="grid-2">
          <Field label="Reviewer">
            <input value={reviewer} onChange={(e) => setReviewer(e.target.value)} autoComplete="name" required />
          </Field>
          <Field label={"Reviewer's role"}>
            <select value={role} onChange={(e) => setRole(e.target.value === 'legal' ? 'legal' : 'compliance')}>
              <option value="compliance">Compliance</option>
              <option value="legal">Legal</option>
            </select>
          </Field>
        </div>
        <Field label="Comment (printed in the report)">
          <input value={comment} onChange={(e) => setComment(e.target.value)} />
        </Field>
        <div className="actions">
          <button type="submit" disabled={!reviewer.trim()}>
            Record approval
          </button>
          {saved && <span role="status">{saved}</span>}
        </div>
      </form>
    </section>
  );
}

/** The retention policy the audit's next reports are kept under, saved as soon as it is chosen; and the policy list. */
export function RetentionChoice({ auditId }: { auditId: string }) {
  const onError = useErrorNotice();
  const policiesQuery = useQuery((): Promise<RetentionPolicy[]> => api['reports.retentionPolicies']({}), [], onError);
  const chosenQuery = useQuery((): Promise<AuditRetention> => api['reports.retention']({ auditId }), [auditId], onError);
  const policies = policiesQuery.data ?? [];
  const chosen = chosenQuery.data ?? null;
  const setChosen = chosenQuery.setData;
  const [saved, setSaved] = useState('');
  const [name, setName] = useState('');
  const [years, setYears] = useState('');
  const push = useNotices((s) => s.push);
  const load = () => {
    void policiesQuery.reload();
    void chosenQuery.reload();
  };

  function choose(policyId: string) {
    setSaved('Saving…');
    api['reports.chooseRetention']({ auditId, policyId }).then(
      (next) => {
        setChosen(next);
        setSaved(`Saved: reports issued from now on are kept ${next.years} years (${next.policyName}).`);
      },
      (e: Error) => {
        setSaved(`Not saved — ${e.message}`);
        push('error', e.message);
      },
    );
  }
  function add(event: FormEvent) {
    event.preventDefault();
    api['reports.saveRetentionPolicy']({ name, years: Number(years), basis: '', retired: false }).then(
      (p) => {
        setName('');
        setYears('');
        setSaved(`Added ${p.name} (${p.years} years) to the list.`);
        load();
      },
      (e: Error) => push('error', e.message),
    );
  }
  function retire(p: RetentionPolicy) {
    api['reports.saveRetentionPolicy']({ id: p.id, name: p.name, years: p.years, basis: p.basis, retired: !p.retired }).then(() => {
      setSaved(`${p.name} is ${p.retired ? 'back in use' : 'retired'}.`);
      load();
    }, (e: Error) => push('error', e.message));
  }

  return (
    <section className="panel form" aria-label="Retention">
      <h2>Retention</h2>
      <Field label={"Keep this audit's reports under"}>
        <select value={chosen?.policyId ?? ''} onChange={(e) => choose(e.target.value)}>
          {policies
            .filter((p) => !p.retired || p.id === chosen?.policyId)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} — {p.years} years{p.basis ? ` (${p.basis})` : ''}
              </option>
            ))}
        </select>
      </Field>
      <p role="status" className="muted">
        {saved || (chosen ? `Reports issued now are kept ${chosen.years} years (${chosen.policyName})${chosen.chosenBy ? `, as chosen by ${chosen.chosenBy}` : ', the default until a policy is chosen'}. A report cannot be removed before its date.` : '')}
      </p>
      <details>
        <summary>Edit the list of policies</summary>
        <ul>
          {policies.map((p) => (
            <li key={p.id}>
              {p.name}, {p.years} years{p.retired ? ' (retired)' : ''}{' '}
              <button type="button" onClick={() => retire(p)} aria-label={`${p.retired ? 'Bring back' : 'Retire'} ${p.name}`}>
                {p.retired ? 'Bring back' : 'Retire'}
              </button>
            </li>
          ))}
        </ul>
        <form onSubmit={add} aria-label="Add a retention policy" className="grid-2">
          <Field label="Policy name">
            <input value={name} onChange={(e) => setName(e.target.value)} required />
          </Field>
          <Field label="Years kept">
            <input type="number" min={1} max={100} value={years} onChange={(e) => setYears(e.target.value)} required />
          </Field>
          <div className="actions">
            <button type="submit" disabled={!name.trim() || !years}>
              Add policy
            </button>
          </div>
        </form>
      </details>
    </section>
  );
}

/** Who received which edition of each issued report, and the form to record a sending. */
export function DistributionList({ reports, onChanged }: { reports: IssuedReport[]; onChanged: () => void }) {
  const live = reports.filter((r) => !r.removed);
  const [reportId, setReportId] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [sentOn, setSentOn] = useState(today());
  const [saved, setSaved] = useState('');
  const push = useNotices((s) => s.push);
  const target = live.find((r) => r.id === reportId) ?? live[0];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!target) return;
    api['reports.distribute']({ reportId: target.id, name, role, organisation, sentOn }).then(
      (entry) => {
        setSaved(`Recorded: ${target.reportId} sent to ${entry.name} on ${formatDate(entry.sentOn)}.`);
        setName('');
        setRole('');
        setOrganisation('');
        onChanged();
      },
      (e: Error) => push('error', e.message),
    );
  }
  /** A mistaken entry is withdrawn by a later one that says so; the log keeps both. */
  function withdraw(e: DistributionEntry) {
    api['reports.distribute']({ reportId: e.reportId, name: e.name, role: e.role, organisation: e.organisation, sentOn: e.sentOn, correctsId: e.id, withdrawn: true }).then(() => {
      setSaved(`Withdrawn: ${e.name} is no longer listed as a recipient.`);
      onChanged();
    }, (error: Error) => push('error', error.message));
  }
  const [removing, setRemoving] = useState<{ id: string; reason: string } | null>(null);
  function remove(event: FormEvent) {
    event.preventDefault();
    if (!removing) return;
    api['reports.remove']({ id: removing.id, reason: removing.reason }).then(() => {
      setRemoving(null);
      onChanged();
    }, (e: Error) => push('error', e.message));
  }

  if (reports.length === 0) return null;
  return (
    <section className="panel form" aria-label="Who received which edition">
      <h2>Who received which edition</h2>
      <ul className="distribution-list">
        {reports.map((r) => {
          const received = r.recipients.filter((e) => !e.superseded && !e.withdrawn);
          return (
            <li key={r.id}>
              <strong>{r.reportId}</strong> — {r.kind === 'full' ? 'full report' : 'executive summary'}, {r.distribution}
              {r.approval ? `, approved by ${r.approval.reviewer} (${roleName(r.approval.role)}) on ${formatLocal(r.approval.approvedAt)}` : ''}. Kept until {formatDate(r.retainUntil)} ({r.retentionPolicy}).
              {r.removed ? ` Removed from the archive on ${formatLocal(r.removed.removedAt)} by ${r.removed.removedBy}: ${r.removed.reason}.` : ''}
              {!r.removed && today() > r.retainUntil && removing?.id !== r.id && (
                <button type="button" onClick={() => setRemoving({ id: r.id, reason: '' })}>
                  Remove from the archive…
                </button>
              )}
              {removing?.id === r.id && (
                <form onSubmit={remove} aria-label={`Remove ${r.reportId}`} className="actions">
                  <Field inline label="Why">
                    <input autoFocus value={removing.reason} onChange={(e) => setRemoving({ id: r.id, reason: e.target.value })} onKeyDown={(e) => e.key === 'Escape' && setRemoving(null)} />
                  </Field>
                  <button type="submit" disabled={!removing.reason.trim()}>
                    Remove
                  </button>
                </form>
              )}
              {received.length ? (
                <ul aria-label={`Recipients of ${r.reportId}`}>
                  {received.map((e) => (
                    <li key={e.id}>
                      Sent to {e.name}
                      {e.role || e.organisation ? ` (${[e.role, e.organisation].filter(Boolean).join(', ')})` : ''} on {formatDate(e.sentOn)}, recorded by {e.recordedBy}.{' '}
                      <button type="button" onClick={() => withdraw(e)} aria-label={`Withdraw: ${r.reportId} was not sent to ${e.name}`}>
                        Withdraw
                      </button>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">Not recorded as sent to anyone.</p>
              )}
            </li>
          );
        })}
      </ul>
      {target && (
        <form onSubmit={submit} aria-label="Record a sending">
          <h3>Record a sending</h3>
          <div className="grid-2">
            <Field label="Report sent">
              <select value={target.id} onChange={(e) => setReportId(e.target.value)}>
                {live.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.reportId} ({r.kind === 'full' ? 'full' : 'summary'}, {r.distribution})
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Date sent">
              <input type="date" value={sentOn} onChange={(e) => setSentOn(e.target.value)} required />
            </Field>
            <Field label="Recipient">
              <input value={name} onChange={(e) => setName(e.target.value)} required />
            </Field>
            <Field label={"Recipient's role"}>
              <input value={role} onChange={(e) => setRole(e.target.value)} />
            </Field>
            <Field label="Organisation">
              <input value={organisation} onChange={(e) => setOrganisation(e.target.value)} />
            </Field>
          </div>
          <div className="actions">
            <button type="submit" disabled={!name.trim() || !sentOn}>
              Add to the distribution list
            </button>
            {saved && <span role="status">{saved}</span>}
          </div>
        </form>
      )}
    </section>
  );
}
