import { useState } from 'react';
import type { ProofLine, RuleDraft, RunSummary } from '../../../../shared/api/rules';
import { severities } from '../../../../shared/enums';
import { plural } from '../../../../shared/plural';
import { api } from '../../api/client';
import { plainError } from '../../components/plainError';
import { useNotices } from '../../components/Notice';
import { useQuery } from '../../hooks/useQuery';
import { useUi } from '../../stores/ui';
import { ExcerptDialog } from '../imports/ExcerptDialog';
import { DismissDialog } from './DismissDialog';
import './rules.css';

// The findings the rule pack drafted from the imported facts: each with its rule, pack version,
// severity, control, criteria and condition, and the lines that prove it. An auditor runs the rules,
// then confirms a draft into a real finding or dismisses it with a reason.

/** Opens a finding on the Findings screen (the screen keeps its chosen finding in the session). */
export function openFinding(findingId: string) {
  window.sessionStorage.setItem('release-audit.finding', findingId);
  useUi.getState().go('findings');
}

function runText(summary: RunSummary): string {
  const counts = severities.filter((s) => (summary.bySeverity[s] ?? 0) > 0).map((s) => `${summary.bySeverity[s]} ${s}`);
  return (
    `${summary.packName} v${summary.version} read ${plural(summary.factsRead, 'fact')}: ${plural(summary.drafted, 'new draft')}` +
    (counts.length > 0 ? ` (${counts.join(', ')})` : '') +
    (summary.alreadyDrafted > 0 ? `, ${summary.alreadyDrafted} drafted before.` : '.')
  );
}

export function DraftsPanel({
  auditId,
  releaseId,
  readOnly,
  version = 0,
  onOpen = openFinding,
  onDecided,
}: {
  auditId: string;
  releaseId?: string;
  readOnly: boolean;
  version?: number;
  /** Shows a finding (by default: goes to the Findings screen with it chosen). */
  onOpen?: (findingId: string) => void;
  /** Heard after a confirm or dismiss, with the finding a confirm made. */
  onDecided?: (findingId: string | null) => void;
}) {
  const push = useNotices((s) => s.push);
  const [ran, setRan] = useState(0);
  const [showDecided, setShowDecided] = useState(false);
  const drafts = useQuery(() => api['rules.drafts']({ auditId, ...(releaseId ? { releaseId } : {}) }), [auditId, releaseId, ran, version]);
  const imports = useQuery(() => api['imports.list']({ auditId }), [auditId, ran, version]);
  const [summary, setSummary] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [excerpt, setExcerpt] = useState<{ draft: RuleDraft; proof: ProofLine; opener: HTMLElement } | null>(null);
  const [dismissing, setDismissing] = useState<{ draft: RuleDraft; opener: HTMLElement } | null>(null);
  const [confirmed, setConfirmed] = useState<{ title: string; findingId: string } | null>(null);
  const names = new Map((imports.data ?? []).map((i) => [i.id, i.name]));
  const all = drafts.data ?? [];
  const open = all.filter((d) => d.state === 'draft');
  const decided = all.filter((d) => d.state !== 'draft');
  const shown = showDecided ? all : open;

  async function run() {
    setRunning(true);
    try {
      const result = await api['rules.run']({ auditId, ...(releaseId ? { releaseId } : {}) });
      setSummary(runText(result));
      setRan((n) => n + 1);
    } catch (e) {
      push('error', `The rules could not run: ${plainError((e as Error).message)}`);
    } finally {
      setRunning(false);
    }
  }

  async function confirm(draft: RuleDraft) {
    try {
      const { findingId } = await api['rules.confirm']({ id: draft.id });
      setConfirmed({ title: draft.title, findingId });
      setRan((n) => n + 1);
      onDecided?.(findingId);
    } catch (e) {
      push('error', `The draft could not be confirmed: ${plainError((e as Error).message)}`);
    }
  }

  return (
    <section className="panel drafts-panel" aria-labelledby={`drafts-title-${releaseId ?? auditId}`}>
      <div className="drafts-head">
        <h3 id={`drafts-title-${releaseId ?? auditId}`}>Drafted by rules ({open.length})</h3>
        {decided.length > 0 && (
          <label className="inline-check">
            <input type="checkbox" checked={showDecided} onChange={(e) => setShowDecided(e.target.checked)} /> Show confirmed and dismissed ({decided.length})
          </label>
        )}
        {!readOnly && (
          <button type="button" onClick={() => void run()} disabled={running}>
            {running ? 'Running rules…' : 'Run rules'}
          </button>
        )}
      </div>
      <p role="status" className="muted">
        {summary ?? ''}
      </p>
      {confirmed && (
        <p role="status" className="drafts-confirmed">
          Confirmed as a finding: &ldquo;{confirmed.title}&rdquo;.{' '}
          <button type="button" className="link-button" onClick={() => onOpen(confirmed.findingId)}>
            Open the finding
          </button>
        </p>
      )}
      {drafts.error && (
        <p className="field-error" role="alert">
          The drafted findings could not be loaded: {plainError(drafts.error)}
        </p>
      )}
      {drafts.data && shown.length === 0 && <p className="muted">No drafts: import pipeline logs or change records, then Run rules.</p>}
      {shown.length > 0 && (
        <ul className="draft-list" aria-label="Drafted findings">
          {shown.map((draft) => (
            <DraftItem
              key={draft.id}
              draft={draft}
              readOnly={readOnly}
              importName={(id) => names.get(id) ?? 'Imported file'}
              onLines={(proof, opener) => setExcerpt({ draft, proof, opener })}
              onConfirm={() => void confirm(draft)}
              onDismiss={(opener) => setDismissing({ draft, opener })}
              onOpen={onOpen}
            />
          ))}
        </ul>
      )}
      {excerpt && (
        <ExcerptDialog
          fact={{ id: excerpt.proof.factId, importId: excerpt.proof.importId, lineFrom: excerpt.proof.lines[0], lineTo: excerpt.proof.lines[1], caption: `Proves ${excerpt.draft.ruleId}: ${excerpt.draft.title}` }}
          importName={names.get(excerpt.proof.importId) ?? 'Imported file'}
          opener={excerpt.opener}
          onClose={() => setExcerpt(null)}
        />
      )}
      {dismissing && (
        <DismissDialog
          draft={dismissing.draft}
          opener={dismissing.opener}
          onDismiss={async (reason) => {
            await api['rules.dismiss']({ id: dismissing.draft.id, reason });
            setRan((n) => n + 1);
            onDecided?.(null);
          }}
          onClose={() => setDismissing(null)}
        />
      )}
    </section>
  );
}

function DraftItem({
  draft,
  readOnly,
  importName,
  onLines,
  onConfirm,
  onDismiss,
  onOpen,
}: {
  draft: RuleDraft;
  readOnly: boolean;
  importName: (importId: string) => string;
  onLines: (proof: ProofLine, opener: HTMLElement) => void;
  onConfirm: () => void;
  onDismiss: (opener: HTMLElement) => void;
  onOpen: (findingId: string) => void;
}) {
  const titleId = `draft-${draft.id}`;
  return (
    <li className={`draft draft-${draft.state}`} aria-labelledby={titleId} data-testid="draft">
      <div className="draft-title">
        <span className={draft.severity === 'critical' || draft.severity === 'major' ? 'badge badge-breach' : 'badge'}>{draft.severity}</span>{' '}
        <strong id={titleId}>
          {draft.ruleId}: {draft.title}
        </strong>
      </div>
      <p className="muted draft-meta">
        {draft.packName} v{draft.packVersion} · control {draft.controlId ?? '(none)'}
        {draft.state === 'confirmed' && ' · confirmed'}
        {draft.state === 'dismissed' && ` · dismissed by ${draft.decidedBy}: ${draft.dismissReason}`}
      </p>
      <dl className="draft-fields">
        <dt>Criteria</dt>
        <dd>{draft.criteria}</dd>
        <dt>Condition</dt>
        <dd>{draft.condition}</dd>
      </dl>
      <div className="draft-actions">
        {draft.proof.map((proof) => {
          const [from, to] = proof.lines;
          const where = from === to ? `line ${from}` : `lines ${from}–${to}`;
          return (
            <button key={`${proof.factId}`} type="button" className="small" onClick={(e) => onLines(proof, e.currentTarget)}>
              Show {importName(proof.importId)}, {where}
            </button>
          );
        })}
        {draft.state === 'confirmed' && draft.findingId && (
          <button type="button" className="small" onClick={() => onOpen(draft.findingId as string)}>
            Open the finding
          </button>
        )}
        {draft.state === 'draft' && !readOnly && (
          <>
            <button type="button" className="small" onClick={onConfirm} aria-label={`Confirm ${draft.ruleId} as a finding`}>
              Confirm
            </button>
            <button type="button" className="small" onClick={(e) => onDismiss(e.currentTarget)} aria-label={`Dismiss ${draft.ruleId}`}>
              Dismiss…
            </button>
          </>
        )}
      </div>
    </li>
  );
}
