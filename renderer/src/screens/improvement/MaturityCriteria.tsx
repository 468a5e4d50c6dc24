import { useRef, useState } from 'react';
import type { JudgedCriterion, JudgementStatus, MaturityAssessment } from '../../../../shared/api/maturity';
import { api } from '../../api/client';
import { plainError } from '../../components/plainError';
import { SaveIndicator } from '../../components/SaveIndicator';
import type { SaveState } from '../../hooks/useAutosave';
import { useQuery } from '../../hooks/useQuery';
import { NoteEditor } from '../fieldwork/ChecklistRun';

// The criteria of an assessment, judged by keyboard as the checklist is: ↑/↓ move, M met, N not
// met, U not assessed, Enter a note, E the evidence picker. Each judgement is saved as it is set.

const statusKeys: Record<string, JudgementStatus> = { m: 'met', n: 'not-met', u: 'not-assessed' };
const statusLabels: Record<JudgementStatus, string> = { met: 'Met', 'not-met': 'Not met', 'not-assessed': 'Not assessed' };
const badgeClass: Record<JudgementStatus, string> = { met: 'result-badge-pass', 'not-met': 'result-badge-fail', 'not-assessed': 'result-badge-none' };
const keysHelp = 'Keys: ↑/↓ move, M met, N not met, U not assessed, Enter note, E evidence.';

interface Row {
  criterion: JudgedCriterion;
  practice: string;
  level: number;
  title: string;
}

export function MaturityCriteria({ assessment, onSaved, afterSave }: { assessment: MaturityAssessment; onSaved: (next: MaturityAssessment) => void; afterSave: () => void }) {
  const [focus, setFocus] = useState(0);
  const [noteFor, setNoteFor] = useState<string | null>(null);
  const [evidenceFor, setEvidenceFor] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const list = useRef<HTMLOListElement>(null);
  // One save at a time, in the order set: a key pressed during a save waits for it.
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const rows: Row[] = assessment.practices.flatMap((p) => p.levels.flatMap((l) => l.criteria.map((criterion) => ({ criterion, practice: p.name, level: l.level, title: l.title }))));

  const judge = (criterion: JudgedCriterion, change: Partial<Pick<JudgedCriterion, 'status' | 'note' | 'evidenceIds'>>) => {
    setSave({ kind: 'saving' });
    chain.current = chain.current
      .catch(() => undefined)
      .then(async () => {
        try {
          const next = await api['maturity.judge']({
            auditId: assessment.auditId,
            modelId: assessment.modelId,
            criterionId: criterion.id,
            status: change.status ?? criterion.status,
            note: change.note ?? criterion.note,
            evidenceIds: change.evidenceIds ?? criterion.evidenceIds,
          });
          onSaved(next);
          afterSave();
          setSave({ kind: 'saved', at: new Date() });
        } catch (error) {
          setSave({ kind: 'error', message: plainError((error as Error).message, { note: 'Note', evidenceIds: 'Evidence' }), fields: [] });
        }
      });
  };

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setFocus(next);
    list.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (noteFor || !(event.target instanceof HTMLElement) || !event.target.classList.contains('checklist-item')) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const row = rows[focus];
    if (!row) return;
    const key = event.key.toLowerCase();
    setHint(null);
    if (event.key === 'ArrowDown' || key === 'j') moveTo(focus + 1);
    else if (event.key === 'ArrowUp' || key === 'k') moveTo(focus - 1);
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(rows.length - 1);
    else if (assessment.frozen && (statusKeys[key] || event.key === 'Enter' || key === 'e')) setHint('The audit is finalised: its maturity assessment reads only (↑/↓ still move).');
    else if (statusKeys[key]) {
      judge(row.criterion, { status: statusKeys[key] });
      moveTo(focus + 1);
    } else if (event.key === 'Enter') setNoteFor(row.criterion.id);
    else if (key === 'e') setEvidenceFor(evidenceFor === row.criterion.id ? null : row.criterion.id);
    else if (event.key === 'Escape' && evidenceFor) setEvidenceFor(null);
    else if (event.key.length === 1 && /[a-z]/i.test(event.key)) setHint(`${event.key.toUpperCase()} does nothing here. ${keysHelp}`);
    else return;
    event.preventDefault();
  };

  return (
    <section className="checklist maturity-criteria" aria-label="Criteria">
      <p className="muted">
        <kbd>↑</kbd>/<kbd>↓</kbd> move · <kbd>M</kbd> met · <kbd>N</kbd> not met · <kbd>U</kbd> not assessed · <kbd>Enter</kbd> note · <kbd>E</kbd> evidence · <SaveIndicator state={save} />
      </p>
      <p className={hint ? 'key-hint status-error' : 'key-hint'} role="status" data-testid="maturity-hint">
        {hint ?? ''}
      </p>
      <ol ref={list} className="checklist-items" onKeyDown={onKeyDown}>
        {rows.map(({ criterion, practice, level, title }, index) => {
          const before = rows[index - 1];
          const heading = !before || before.practice !== practice || before.level !== level ? `${practice} · level ${level} ${title}` : null;
          return (
            <li key={criterion.id} className="maturity-criterion">
              {heading && <strong className="stage-progress">{heading}</strong>}
              <div
                data-index={index}
                tabIndex={index === focus ? 0 : -1}
                role="group"
                className={`checklist-item result-${criterion.status === 'met' ? 'pass' : criterion.status === 'not-met' ? 'fail' : 'none'}`}
                aria-label={`${criterion.id} ${criterion.text}: ${statusLabels[criterion.status]}`}
                onFocus={(e) => e.target === e.currentTarget && setFocus(index)}
              >
                <div className="checklist-row">
                  <code>{criterion.id}</code>
                  <span className="grow">{criterion.text}</span>
                  {criterion.evidenceIds.length > 0 && <span className="badge">{criterion.evidenceIds.length} evidence</span>}
                  <span className={`badge ${badgeClass[criterion.status]}`}>{statusLabels[criterion.status]}</span>
                </div>
                {criterion.note && noteFor !== criterion.id && <p className="checklist-note">{criterion.note}</p>}
                {noteFor === criterion.id && (
                  <NoteEditor
                    initial={criterion.note}
                    onDone={(note) => {
                      setNoteFor(null);
                      if (note !== null && note !== criterion.note) judge(criterion, { note });
                      list.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
                    }}
                  />
                )}
                {evidenceFor === criterion.id && (
                  <EvidencePicker
                    auditId={assessment.auditId}
                    chosen={criterion.evidenceIds}
                    onChange={(evidenceIds) => judge(criterion, { evidenceIds })}
                    onClose={() => {
                      setEvidenceFor(null);
                      list.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
                    }}
                  />
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The audit's evidence as checkboxes: what is ticked is what the judgement cites. */
function EvidencePicker({ auditId, chosen, onChange, onClose }: { auditId: string; chosen: string[]; onChange: (ids: string[]) => void; onClose: () => void }) {
  const evidence = useQuery(() => api['evidence.list']({ auditId, limit: 200 }), [auditId]);
  const [ticked, setTicked] = useState(chosen);
  const toggle = (id: string) => {
    const next = ticked.includes(id) ? ticked.filter((t) => t !== id) : [...ticked, id];
    setTicked(next);
    onChange(next);
  };
  return (
    <fieldset
      className="item-evidence"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        onClose();
      }}
    >
      <legend>Evidence behind this judgement</legend>
      {!evidence.data ? (
        <p className="muted" role="status">Loading the audit's evidence…</p>
      ) : evidence.data.rows.length === 0 ? (
        <p className="muted">This audit holds no evidence yet: add it in Evidence (Alt+5), then pick it here.</p>
      ) : (
        evidence.data.rows.map((e, i) => (
          <label key={e.id} className="evidence-choice">
            <input type="checkbox" autoFocus={i === 0} checked={ticked.includes(e.id)} onChange={() => toggle(e.id)} /> {e.originalName}
            <span className="muted small-text"> · {e.capturedBy}</span>
          </label>
        ))
      )}
      <button type="button" className="small" onClick={onClose}>
        Close evidence
      </button>
    </fieldset>
  );
}
