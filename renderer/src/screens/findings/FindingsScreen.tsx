import { useCallback, useEffect, useState } from 'react';
import type { Evidence } from '../../../../shared/api/evidence';
import { findingTransitions, type Finding, type FindingFields, type FindingStatus, type OwnerTrend } from '../../../../shared/api/findings';
import { severities } from '../../../../shared/enums';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { FinalisedNote, ReadOnlyFieldset, useAuditFinalised } from '../../components/ReadOnlyWhenFinalised';
import { RequireAudit } from '../../components/RequireAudit';
import { SaveIndicator } from '../../components/SaveIndicator';
import { useAutosave } from '../../hooks/useAutosave';
import { EvidenceCapture } from '../evidence/EvidenceCapture';
import { EvidenceList } from '../evidence/EvidenceList';
import { LinkExisting } from '../evidence/LinkExisting';

export function FindingsScreen() {
  return <RequireAudit title="Findings">{(auditId) => <Findings key={auditId} auditId={auditId} />}</RequireAudit>;
}

const statusLabels: Record<FindingStatus, string> = {
  draft: 'Draft',
  open: 'Open',
  'in-remediation': 'In remediation',
  'ready-for-verification': 'Ready for verification',
  closed: 'Closed',
  'risk-accepted': 'Risk accepted',
};

function Findings({ auditId }: { auditId: string }) {
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const push = useNotices((s) => s.push);
  const finalised = useAuditFinalised(auditId);
  const reload = useCallback(() => api['findings.list']({ auditId }).then(setFindings, (e: Error) => push('error', e.message)), [auditId, push]);
  useEffect(() => {
    void reload();
  }, [reload]);
  if (!findings) return <p className="muted" role="status">Loading findings…</p>;
  const current = findings.find((f) => f.id === selected) ?? findings[0];
  return (
    <div className="screen wide-screen">
      <header className="screen-header">
        <div>
          <h1 tabIndex={-1}>Findings</h1>
          <p className="muted">Criteria, condition, cause, effect and recommendation; a finding leaves draft only when all five and its evidence are there.</p>
        </div>
      </header>
      {finalised && <FinalisedNote what="its findings are" />}
      <div className="split">
        <aside className="split-list" aria-label="Findings list">
          {findings.length === 0 && <p className="muted">No findings yet. Fail a checklist item and press R, or write one here.</p>}
          {severities.map((severity) => {
            const group = findings.filter((f) => f.severity === severity);
            if (group.length === 0) return null;
            return (
              <div key={severity}>
                <h3 className={`severity-${severity}`}>
                  {severity} ({group.length})
                </h3>
                <ul>
                  {group.map((f) => (
                    <li key={f.id}>
                      <button type="button" className={f.id === current?.id ? 'nav-item active' : 'nav-item'} onClick={() => setSelected(f.id)}>
                        <span>
                          {f.title}
                          <span className="muted block">
                            {f.repeatCount > 0 ? `repeat ×${f.repeatCount} · ` : ''}
                            {statusLabels[f.status]}
                            {f.confidential ? ' · confidential' : ''}
                            {f.dueAt ? ` · due ${f.dueAt}` : ''}
                          </span>
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
          {!finalised && (
            <form
              className="form"
              aria-label="New finding"
              onSubmit={(e) => {
                e.preventDefault();
                api['findings.create']({ auditId, title: title.trim() }).then(
                  (f) => {
                    setTitle('');
                    setSelected(f.id);
                    void reload();
                  },
                  (err: Error) => push('error', err.message),
                );
              }}
            >
              <div className="field">
                <label htmlFor="new-finding">New finding</label>
                <input id="new-finding" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Title" />
              </div>
              <button type="submit" disabled={!title.trim()}>
                Add finding
              </button>
            </form>
          )}
        </aside>
        <div className="split-main">
          <ReadOnlyFieldset readOnly={finalised}>
            {current && <FindingEditor key={current.id} finding={current} frozen={finalised} onChanged={() => void reload()} />}
          </ReadOnlyFieldset>
        </div>
      </div>
      <OwnerTrends />
    </div>
  );
}

/** How each owner's findings stand, audit after audit. */
function OwnerTrends() {
  const [trends, setTrends] = useState<OwnerTrend[]>([]);
  useEffect(() => {
    api['findings.trends']({}).then(setTrends, () => setTrends([]));
  }, []);
  if (trends.length === 0) return null;
  return (
    <section className="panel" aria-label="Findings by owner across audits">
      <h2>By owner, across audits</h2>
      <table className="data-table compact">
        <thead>
          <tr>
            <th scope="col">Owner</th>
            <th scope="col">Audit</th>
            <th scope="col">Open</th>
            <th scope="col">Closed</th>
            <th scope="col">Risk accepted</th>
            <th scope="col">Overdue</th>
          </tr>
        </thead>
        <tbody>
          {trends.flatMap((t) =>
            t.audits.map((a, i) => (
              <tr key={`${t.owner}-${a.auditId}`}>
                <td>{i === 0 ? t.owner : ''}</td>
                <td>{a.auditName}</td>
                <td>{a.open}</td>
                <td>{a.closed}</td>
                <td>{a.accepted}</td>
                <td className={a.overdue > 0 ? 'status-error' : undefined}>{a.overdue}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}

function FindingEditor({ finding, frozen, onChanged }: { finding: Finding; frozen: boolean; onChanged: () => void }) {
  const [draft, setDraft] = useState(finding);
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [acceptedBy, setAcceptedBy] = useState('');
  const [reason, setReason] = useState('');
  const push = useNotices((s) => s.push);
  const locked = frozen || finding.status === 'closed' || finding.status === 'risk-accepted';
  const next = frozen ? [] : findingTransitions[finding.status];
  const { state, queue, flush } = useAutosave<FindingFields>(async (patch) => {
    await api['findings.update']({ id: finding.id, ...patch });
    onChanged();
  });
  useEffect(() => {
    api['evidence.forTarget']({ targetType: 'finding', targetId: finding.id }).then(setEvidence, () => setEvidence([]));
  }, [finding.id]);
  const edit = (patch: Partial<FindingFields>) => {
    setDraft((d) => ({ ...d, ...patch }));
    queue(patch);
  };
  async function move(to: FindingStatus) {
    if (!(await flush())) return push('error', 'Some changes could not be saved; correct them first.');
    try {
      await api['findings.transition']({ id: finding.id, to, acceptedBy, reason });
      push('success', `The finding is now ${statusLabels[to].toLowerCase()}.`);
      onChanged();
    } catch (error) {
      push('error', (error as Error).message);
    }
  }
  const textField = (key: 'criteria' | 'condition' | 'cause' | 'effect' | 'recommendation', label: string) => (
    <div className="field wide">
      <label htmlFor={`f-${key}`}>{label}</label>
      <textarea id={`f-${key}`} rows={2} value={draft[key]} disabled={locked} onChange={(e) => edit({ [key]: e.target.value })} />
    </div>
  );
  return (
    <div>
      <div className="release-head">
        <h2>
          {draft.title} <span className="badge">{statusLabels[finding.status]}</span>
        </h2>
        <SaveIndicator state={state} />
      </div>
      {finding.repeatOf && (
        <div className="warning-banner" role="note">
          <strong>Repeat finding</strong> — the same control failed for the same root cause in {finding.repeatOf.auditName} (“{finding.repeatOf.title}”, {statusLabels[finding.repeatOf.status].toLowerCase()}
          ){finding.repeatCount > 1 ? `; ${finding.repeatCount} earlier occurrences` : ''}.
        </div>
      )}
      <section className="panel form" aria-label="Finding">
        <div className="grid-3">
          <div className="field">
            <label htmlFor="f-title">Title</label>
            <input id="f-title" value={draft.title} disabled={locked} onChange={(e) => edit({ title: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="f-severity">Severity</label>
            <select id="f-severity" value={draft.severity} disabled={locked} onChange={(e) => edit({ severity: e.target.value as Finding['severity'] })}>
              {severities.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-due">Remediation due</label>
            <input id="f-due" type="date" value={draft.dueAt ?? ''} disabled={locked} onChange={(e) => edit({ dueAt: e.target.value || null })} />
          </div>
        </div>
        {textField('criteria', 'Criteria (what should be)')}
        {textField('condition', 'Condition (what is)')}
        {textField('cause', 'Cause')}
        {textField('effect', 'Effect')}
        {textField('recommendation', 'Recommendation')}
        <div className="grid-3">
          <div className="field">
            <label htmlFor="f-owner-role">Owner role</label>
            <input id="f-owner-role" list="owner-roles-f" value={draft.ownerRole} disabled={locked} onChange={(e) => edit({ ownerRole: e.target.value })} />
            <datalist id="owner-roles-f">
              <option value="Release Manager" />
              <option value="CAB" />
              <option value="Compliance Officer" />
            </datalist>
          </div>
          <div className="field">
            <label htmlFor="f-owner">Owner</label>
            <input id="f-owner" value={draft.ownerName} disabled={locked} onChange={(e) => edit({ ownerName: e.target.value })} />
          </div>
          <label className="choice">
            <input type="checkbox" checked={draft.confidential} disabled={locked} onChange={(e) => edit({ confidential: e.target.checked })} />
            Confidential (withheld from external reports)
          </label>
        </div>
      </section>
      <section className="panel form" aria-label="Workflow">
        <h3>Workflow</h3>
        {finding.status === 'risk-accepted' && <p>Risk accepted by {finding.acceptedBy}: {finding.acceptedReason}</p>}
        {next.includes('risk-accepted') && !draft.ownerName.trim() && (
          <p className="muted" data-testid="risk-owner-needed">
            To accept the risk, name its Owner above: an accepted risk needs someone who owns it.
          </p>
        )}
        {next.includes('risk-accepted') && (
          <div className="grid-2">
            <div className="field">
              <label htmlFor="f-accepted-by">Risk accepted by (to accept the risk)</label>
              <input id="f-accepted-by" value={acceptedBy} onChange={(e) => setAcceptedBy(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="f-accept-reason">Why the risk is accepted</label>
              <input id="f-accept-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
          </div>
        )}
        <div className="actions wrap">
          {next.map((to) => (
            <button key={to} type="button" className={to === 'risk-accepted' ? '' : 'primary'} onClick={() => void move(to)}>
              {to === 'open' ? 'Open the finding' : `Move to: ${statusLabels[to]}`}
            </button>
          ))}
          {finding.status === 'draft' && !frozen && (
            <button
              type="button"
              onClick={() => {
                if (!window.confirm(`Discard the draft "${finding.title}"?`)) return;
                api['findings.discard']({ id: finding.id }).then(onChanged, (e: Error) => push('error', e.message));
              }}
            >
              Discard draft
            </button>
          )}
          {locked && !frozen && <span className="muted">This finding is {statusLabels[finding.status].toLowerCase()}; it no longer changes.</span>}
        </div>
      </section>
      <section className="panel" aria-label="Finding evidence">
        <h3>Evidence</h3>
        {!locked && (
          <>
            <EvidenceCapture auditId={finding.auditId} link={{ targetType: 'finding', targetId: finding.id }} onAdded={(e) => setEvidence((l) => [...l, e])} />
            <LinkExisting auditId={finding.auditId} target={{ targetType: 'finding', targetId: finding.id }} linked={evidence} onLinked={(e) => setEvidence((l) => [...l, e])} />
          </>
        )}
        <EvidenceList items={evidence} empty="No evidence yet: a finding needs at least one piece to leave draft." />
      </section>
    </div>
  );
}
