import { useState, type FormEvent } from 'react';
import { actionStatuses, type ActionFields, type OpenEarlierAction, type RetroAction } from '../../../../shared/api/retrospectives';
import { api } from '../../api/client';
import { CommitOnBlurInput } from '../../components/CommitOnBlurInput';
import { Field } from '../../components/Field';
import { RowField } from '../../components/RowField';
import { useNotices } from '../../components/Notice';

// Action items, one editable row each: a change is saved when a field is left (texts) or chosen
// (status, date). An earlier cycle's action saved here continues in this audit.

export const actionStatusLabels: Record<ActionFields['status'], string> = { open: 'open', 'in-progress': 'in progress', done: 'done', dropped: 'dropped' };

export function ActionRow({ auditId, action, origin, onSaved }: { auditId: string; action: RetroAction | OpenEarlierAction; origin?: string; onSaved: () => void }) {
  const push = useNotices((s) => s.push);
  const [dropping, setDropping] = useState(false);
  const save = async (patch: Partial<ActionFields>) => {
    // Leaving a field unchanged saves nothing (nor continues an earlier cycle's action here).
    if (Object.entries(patch).every(([key, value]) => (action as Record<string, unknown>)[key] === value)) return;
    try {
      await api['retrospectives.saveAction']({ id: action.id, auditId, ...patch });
      onSaved();
    } catch (error) {
      push('error', (error as Error).message);
    }
  };
  const label = action.text.slice(0, 60);
  return (
    <li className="row-edit" aria-label={`Action: ${label}`}>
      <RowField label="Action" grow>
        <CommitOnBlurInput value={action.text} onCommit={(text) => void save({ text })} aria-label={`Action text: ${label}`} />
      </RowField>
      <RowField label="Owner">
        <CommitOnBlurInput value={action.owner} onCommit={(owner) => void save({ owner })} aria-label={`Owner of ${label}`} />
      </RowField>
      <RowField label="Due">
        <input type="date" value={action.dueOn ?? ''} aria-label={`Due date of ${label}`} onChange={(e) => void save({ dueOn: e.target.value || null })} />
      </RowField>
      <RowField label="Status">
        <select
          value={dropping ? 'dropped' : action.status}
          aria-label={`Status of ${label}`}
          onChange={(e) => {
            const status = e.target.value as ActionFields['status'];
            if (status === 'dropped' && !action.dropReason) setDropping(true);
            else void save({ status });
          }}
        >
          {actionStatuses.map((s) => (
            <option key={s} value={s}>
              {actionStatusLabels[s]}
            </option>
          ))}
        </select>
      </RowField>
      {(dropping || action.status === 'dropped') && (
        <RowField label="Why dropped">
          <CommitOnBlurInput
            value={action.dropReason}
            autoFocus={dropping}
            aria-label={`Why ${label} was dropped`}
            onCommit={(dropReason) => {
              if (!dropReason.trim()) return;
              setDropping(false);
              void save({ status: 'dropped', dropReason });
            }}
          />
        </RowField>
      )}
      {'overdue' in action && action.overdue && <span className="badge badge-breach">overdue</span>}
      {origin && <span className="muted small-text">{origin}</span>}
    </li>
  );
}

/** Adds an action item to the cycle, or to one retrospective of it. */
export function NewAction({ auditId, retrospectiveId, onAdded }: { auditId: string; retrospectiveId: string | null; onAdded: () => void }) {
  const push = useNotices((s) => s.push);
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  async function add(event: FormEvent) {
    event.preventDefault();
    try {
      await api['retrospectives.addAction']({ auditId, retrospectiveId, text: text.trim(), owner: owner.trim(), dueOn: dueOn || null });
      setText('');
      setOwner('');
      setDueOn('');
      onAdded();
    } catch (error) {
      push('error', (error as Error).message);
    }
  }
  return (
    <form className="inline-add" aria-label="New action item" onSubmit={add}>
      <Field inline label="New action">
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="What will be done" />
      </Field>
      <Field inline label="Owner">
        <input value={owner} onChange={(e) => setOwner(e.target.value)} />
      </Field>
      <Field inline label="Due">
        <input type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
      </Field>
      <button type="submit" disabled={!text.trim()}>
        Add action
      </button>
    </form>
  );
}
