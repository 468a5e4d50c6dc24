import { useState } from 'react';
import { proposalKindLabels, type Proposal, type ProposalDecision } from '../../../../shared/api/proposals';
import type { TemplateItem } from '../../../../shared/api/templates';
import { formatLocal } from '../../../../shared/time';
import { api } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { DiffLines } from '../library/DiffList';

// "Template proposals": checklist changes the recurring deficiencies call for, each with the findings
// and failures behind it and the change it would make to the template's draft. Accepting writes the
// change into the draft and opens it in the Library; declining keeps the reason.

const remember = (key: string, id: string) => window.sessionStorage.setItem(`release-audit.${key}`, id);

/** Opens the template's draft in the Library's templates tab. */
function openTemplate(templateId: string) {
  remember('library-tab', 'templates');
  remember('template', templateId);
  useUi.getState().open('library');
}

function openFinding(auditId: string, findingId: string) {
  const session = useSession.getState();
  if (session.auditId !== auditId) session.chooseAudit(auditId);
  remember('finding', findingId);
  useUi.getState().open('findings');
}

function ItemText({ label, item }: { label: string; item: TemplateItem }) {
  return (
    <div>
      <h4>{label}</h4>
      <p>
        <strong>{item.key}</strong> · {item.stage} · {item.kind} — {item.title}
      </p>
      <p className="pre">{item.procedure}</p>
    </div>
  );
}

function ProposalCard({ proposal, onDecided }: { proposal: Proposal; onDecided: (decision: ProposalDecision) => void }) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const p = proposal;
  const run = <T,>(work: Promise<T>, then: (answer: T) => void) => {
    setBusy(true);
    work.then(
      (answer) => {
        setBusy(false);
        setError(null);
        then(answer);
      },
      (e: Error) => {
        setBusy(false);
        setError(plainError(e.message));
      },
    );
  };
  const accept = () =>
    run(api['proposals.accept']({ key: p.key }), (answer) => {
      onDecided(answer.decision);
      openTemplate(answer.templateId);
    });
  const decline = () => run(api['proposals.decline']({ key: p.key, reason }), onDecided);
  return (
    <li className="panel" aria-label={`${proposalKindLabels[p.kind]}: ${p.summary}`}>
      <div className="panel-head">
        <span className="badge">{proposalKindLabels[p.kind]}</span> <strong>{p.summary}</strong> <span className="muted">in “{p.templateName}”</span>
      </div>
      <p>{p.why}</p>
      {p.findings.length > 0 && (
        <section aria-label="Findings behind it">
          <h4>Findings behind it</h4>
          <ul>
            {p.findings.map((f) => (
              <li key={f.id}>
                <button type="button" className="link-button" onClick={() => openFinding(f.auditId, f.id)}>
                  {f.title}
                </button>{' '}
                <span className="muted">
                  ({f.auditName}, {f.status}) cause: {f.cause}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {p.failures.length > 0 && (
        <section aria-label="Failures behind it">
          <h4>Failures behind it</h4>
          <ul>
            {p.failures.map((f) => (
              <li key={f.resultId}>
                {f.itemKey} failed on release <strong>{f.releaseIdentifier}</strong> <span className="muted">({f.auditName}){f.note ? `: ${f.note}` : ''}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="diff" aria-label="Proposed change to the draft">
        <h4>Proposed change to the draft</h4>
        <DiffLines changes={p.diff} />
        {p.before && <ItemText label="Now" item={p.before} />}
        <ItemText label={p.before ? 'Proposed' : 'New item'} item={p.after} />
      </section>
      <p className="small-print">Published with the reason: {p.publishReason}</p>
      <div className="actions">
        <button type="button" disabled={busy} onClick={accept}>
          Accept and open the draft
        </button>
        {!declining ? (
          <button type="button" className="secondary" disabled={busy} onClick={() => setDeclining(true)}>
            Decline…
          </button>
        ) : (
          <>
            <Field inline label="Why decline">
              <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} autoFocus />
            </Field>
            <button type="button" disabled={busy || reason.trim() === ''} onClick={decline}>
              Decline
            </button>
          </>
        )}
      </div>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function ProposalsTab() {
  const { data, error, reload } = useQuery(() => api['proposals.list']({}), []);
  if (error) return <p className="status-error" role="alert">{plainError(error)}</p>;
  if (!data) return <p className="muted" role="status">Looking for recurring deficiencies…</p>;
  return (
    <section aria-label="Template proposals">
      <p>
        A change to a checklist template is proposed where a finding’s root cause comes back in {data.thresholds.repeatAudits} or more audits, or a checklist
        item fails in {data.thresholds.failedReleases} or more releases. Accepting writes the change into the template’s draft, to be reviewed and published
        in the Library with a reason naming the findings behind it.
      </p>
      {data.proposals.length === 0 ? (
        <EmptyState title="No proposals">
          <p>No finding repeats and no checklist item fails often enough for a change to be proposed.</p>
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Proposals">
          {data.proposals.map((p) => (
            <ProposalCard key={p.key} proposal={p} onDecided={() => void reload()} />
          ))}
        </ul>
      )}
      {data.decided.length > 0 && (
        <>
          <h3>Decided</h3>
          <DataTable
            caption="Decided proposals"
            rows={data.decided}
            rowKey={(d) => d.id}
            columns={[
              { header: 'Proposal', cell: (d) => d.summary },
              { header: 'Decision', cell: (d) => d.decision },
              { header: 'Why', cell: (d) => d.reason || '—' },
              { header: 'By', cell: (d) => d.decidedBy },
              { header: 'When', cell: (d) => <time dateTime={d.decidedAt}>{formatLocal(d.decidedAt)}</time> },
            ]}
          />
        </>
      )}
    </section>
  );
}
