import { useEffect, useRef, useState } from 'react';
import type { Audit, AuditIncomplete } from '../../../../shared/api/audits';
import { plural } from '../../../../shared/plural';
import { api } from '../../api/client';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';
import { statusLabels } from '../../app/ContextBar';
import { ConclusionEditor } from './ConclusionEditor';

const steps = ['planning', 'fieldwork', 'reporting', 'finalised'] as const;

/** Where an audit is in its life, moving it on, and finalising it with what is incomplete in view. */
export function AuditLifecycle({
  audit,
  onChanged,
  onClose,
  focusFinalise = false,
}: {
  audit: Audit;
  onChanged: () => Promise<void> | void;
  onClose: () => void;
  /** Opened to finalise (from Reports): the focus goes to the confirm button once the list is in view. */
  focusFinalise?: boolean;
}) {
  // Counted up when the conclusion is saved, so the incomplete list is asked again.
  const [concluded, setConcluded] = useState(0);
  const incompleteQuery = useQuery(() => api['audits.incomplete']({ id: audit.id }), [audit.id, audit.status, concluded]);
  const incomplete: AuditIncomplete | null = incompleteQuery.data ?? null;
  const finaliseButton = useRef<HTMLButtonElement>(null);
  const [actError, setError] = useState<string | null>(null);
  const error = actError ?? (incompleteQuery.error ? plainError(incompleteQuery.error) : null);
  const [busy, setBusy] = useState(false);
  const at = steps.indexOf(audit.status);
  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await run();
      await onChanged();
    } catch (e) {
      setError(plainError((e as Error).message));
    } finally {
      setBusy(false);
    }
  };
  const blocked = (incomplete?.draftFindings.length ?? 0) > 0 || incomplete?.noConclusion === true;
  useEffect(() => {
    if (focusFinalise && incomplete && !blocked) finaliseButton.current?.focus();
  }, [focusFinalise, incomplete, blocked]);
  return (
    <section className="panel lifecycle" aria-label={`Life of ${audit.name}`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="release-head">
        <h2>{audit.name}</h2>
        <button type="button" className="small" onClick={onClose}>
          Close (Esc)
        </button>
      </div>
      <ol className="lifecycle-steps" aria-label="Status">
        {steps.map((s, i) => (
          <li key={s} className={i === at ? 'current' : i < at ? 'done' : undefined} aria-current={i === at ? 'step' : undefined}>
            {statusLabels[s]}
          </li>
        ))}
      </ol>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {audit.status === 'finalised' ? (
        <>
          <p>Finalised: every record of this audit is read-only. Corrections are amendments (Reports, Alt+7).</p>
          <ConclusionEditor auditId={audit.id} finalised />
        </>
      ) : (
        <>
          <ConclusionEditor auditId={audit.id} finalised={false} onSaved={() => setConcluded((n) => n + 1)} />
          <div className="actions">
            {steps.slice(at + 1, 3).map((s) => (
              <button key={s} type="button" disabled={busy} onClick={() => void act(() => api['audits.moveStatus']({ id: audit.id, to: s as 'fieldwork' | 'reporting' }))}>
                Move to {statusLabels[s]?.toLowerCase()}
              </button>
            ))}
          </div>
          <h3>Before finalising: what is incomplete</h3>
          {!incomplete ? (
            <p className="muted" role="status">
              Reading what is incomplete…
            </p>
          ) : (
            <IncompleteList incomplete={incomplete} />
          )}
          {incomplete && (
            <div className="actions">
              <button ref={finaliseButton} type="button" className="primary" disabled={busy || blocked} onClick={() => void act(() => api['audits.finalise']({ id: audit.id }))}>
                Finalise with this list in view
              </button>
              {blocked && (
                <span className="status-error">
                  {incomplete.noConclusion ? 'Write the overall conclusion above first. ' : ''}
                  {incomplete.draftFindings.length > 0 ? 'Draft findings must be completed or discarded first (Findings, Alt+6).' : ''}
                </span>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}

function IncompleteList({ incomplete }: { incomplete: AuditIncomplete }) {
  const lines: Array<{ key: string; text: string; detail: string[] }> = [];
  if (incomplete.noRelease) lines.push({ key: 'rel', text: 'No release has been recorded.', detail: [] });
  if (incomplete.noChecklist) lines.push({ key: 'pin', text: 'No checklist is pinned (Plan, Alt+2).', detail: [] });
  if (incomplete.noConclusion) lines.push({ key: 'conclusion', text: 'No overall conclusion is written (below): it stops finalising.', detail: [] });
  const show = (list: string[]) => (list.length > 8 ? [...list.slice(0, 8), `and ${list.length - 8} more`] : list);
  if (incomplete.itemsWithoutResult.length > 0)
    lines.push({ key: 'items', text: `${plural(incomplete.itemsWithoutResult.length, 'checklist item')} without a result.`, detail: show(incomplete.itemsWithoutResult.map((i) => `${i.release}: ${i.itemKey} ${i.title}`)) });
  if (incomplete.failedWithoutFinding.length > 0)
    lines.push({ key: 'failed', text: `${plural(incomplete.failedWithoutFinding.length, 'failed item')} with no finding.`, detail: show(incomplete.failedWithoutFinding.map((i) => `${i.release}: ${i.itemKey} ${i.title}`)) });
  if (incomplete.findingsNotClosed.length > 0)
    lines.push({ key: 'open', text: `${plural(incomplete.findingsNotClosed.length, 'finding')} neither closed nor accepted.`, detail: show(incomplete.findingsNotClosed.map((f) => `${f.title} (${f.status})`)) });
  if (incomplete.draftFindings.length > 0) lines.push({ key: 'drafts', text: `${plural(incomplete.draftFindings.length, 'draft finding')}.`, detail: show(incomplete.draftFindings.map((f) => f.title)) });
  if (lines.length === 0) return <p className="status-ok">Nothing is incomplete.</p>;
  return (
    <ul className="incomplete" aria-label="What is incomplete">
      {lines.map((l) => (
        <li key={l.key}>
          <strong>{l.text}</strong>
          {l.detail.length > 0 && (
            <ul>
              {l.detail.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
