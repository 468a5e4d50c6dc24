import { useState } from 'react';
import { findingTransitions, type Finding, type FindingFields, type FindingStatus } from '../../../../shared/api/findings';
import { severities } from '../../../../shared/enums';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { SaveIndicator } from '../../components/SaveIndicator';
import { useAutosave } from '../../hooks/useAutosave';
import { EvidenceCapture } from '../evidence/EvidenceCapture';
import { EvidenceList } from '../evidence/EvidenceList';
import { LinkExisting } from '../evidence/LinkExisting';
import { useTargetEvidence } from '../evidence/useTargetEvidence';
import { statusLabels } from './labels';
import { TrainingNeeds } from './TrainingNeeds';
import { Field, TextField } from '../../components/Field';

// One finding in full: its five texts autosaved, its workflow and its evidence. Each save answers
// with the stored finding, which replaces its row in the list (the list is not loaded again).

export function FindingEditor({ finding, frozen, onChanged, onDiscarded }: { finding: Finding; frozen: boolean; onChanged: (saved: Finding) => void; onDiscarded: (id: string) => void }) {
  const [draft, setDraft] = useState(finding);
  const { items: evidence, add: addEvidence } = useTargetEvidence('finding', finding.id);
  const [acceptedBy, setAcceptedBy] = useState('');
  const [reason, setReason] = useState('');
  const push = useNotices((s) => s.push);
  const locked = frozen || finding.status === 'closed' || finding.status === 'risk-accepted';
  const next = frozen ? [] : findingTransitions[finding.status];
  const { state, queue, flush } = useAutosave<FindingFields>(async (patch) => {
    onChanged(await api['findings.update']({ id: finding.id, ...patch }));
  });
  const edit = (patch: Partial<FindingFields>) => {
    setDraft((d) => ({ ...d, ...patch }));
    queue(patch);
  };
  async function move(to: FindingStatus) {
    if (!(await flush())) return push('error', 'Some changes could not be saved; correct them first.');
    try {
      const moved = await api['findings.transition']({ id: finding.id, to, acceptedBy, reason });
      push('success', `The finding is now ${statusLabels[to].toLowerCase()}.`);
      onChanged(moved);
    } catch (error) {
      push('error', (error as Error).message);
    }
  }
  const textField = (key: 'criteria' | 'condition' | 'cause' | 'effect' | 'recommendation', label: string) => (
    <Field label={label} className="wide" id={`f-${key}`}>
      <textarea rows={2} value={draft[key]} disabled={locked} onChange={(e) => edit({ [key]: e.target.value })} />
    </Field>
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
          <Field label="Title">
            <input value={draft.title} disabled={locked} onChange={(e) => edit({ title: e.target.value })} />
          </Field>
          <Field label="Severity">
            <select value={draft.severity} disabled={locked} onChange={(e) => edit({ severity: e.target.value as Finding['severity'] })}>
              {severities.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Remediation due">
            <input type="date" value={draft.dueAt ?? ''} disabled={locked} onChange={(e) => edit({ dueAt: e.target.value || null })} />
          </Field>
        </div>
        {textField('criteria', 'Criteria (what should be)')}
        {textField('condition', 'Condition (what is)')}
        {textField('cause', 'Cause')}
        {textField('effect', 'Effect')}
        {textField('recommendation', 'Recommendation')}
        <div className="grid-3">
          <Field label="Owner role">
            <input list="owner-roles-f" value={draft.ownerRole} disabled={locked} onChange={(e) => edit({ ownerRole: e.target.value })} />
          </Field>
          <datalist id="owner-roles-f">
            <option value="Release Manager" />
            <option value="CAB" />
            <option value="Compliance Officer" />
          </datalist>
          <Field label="Owner" id="f-owner">
            <input value={draft.ownerName} disabled={locked} onChange={(e) => edit({ ownerName: e.target.value })} />
          </Field>
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
            <TextField label="Risk accepted by (to accept the risk)" value={acceptedBy} onChange={setAcceptedBy} />
            <TextField label="Why the risk is accepted" value={reason} onChange={setReason} />
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
                api['findings.discard']({ id: finding.id }).then(() => onDiscarded(finding.id), (e: Error) => push('error', e.message));
              }}
            >
              Discard draft
            </button>
          )}
          {locked && !frozen && <span className="muted">This finding is {statusLabels[finding.status].toLowerCase()}; it no longer changes.</span>}
        </div>
      </section>
      <TrainingNeeds finding={finding} frozen={frozen} />
      <section className="panel" aria-label="Finding evidence">
        <h3>Evidence</h3>
        {!locked && (
          <>
            <EvidenceCapture auditId={finding.auditId} link={{ targetType: 'finding', targetId: finding.id }} onAdded={addEvidence} />
            <LinkExisting auditId={finding.auditId} target={{ targetType: 'finding', targetId: finding.id }} linked={evidence} onLinked={addEvidence} />
          </>
        )}
        <EvidenceList items={evidence} empty="No evidence yet: a finding needs at least one piece to leave draft." />
      </section>
    </div>
  );
}
