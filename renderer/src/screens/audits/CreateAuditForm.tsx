import { useId, useRef, useState, type FormEvent } from 'react';
import { useNotices } from '../../components/Notice';
import { useAudits } from '../../stores/audits';
import { Field } from '../../components/Field';

/** Name and describe a new audit; Enter saves, Escape cancels. */
export function CreateAuditForm({ onDone }: { onDone: (createdId?: string) => void }) {
  const create = useAudits((s) => s.create);
  const push = useNotices((s) => s.push);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') {
      setError('Give the audit a name, for example "Q4 2026 production releases".');
      nameRef.current?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const audit = await create({ name: name.trim(), description: description.trim() });
      push('success', `Audit "${audit.name}" created.`);
      onDone(audit.id);
    } catch (caught) {
      setError((caught as Error).message);
      nameRef.current?.focus();
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      className="panel form"
      aria-label="New audit"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone();
      }}
      noValidate
    >
      <h2>New audit</h2>
      <Field label="Name">
        <input
          ref={nameRef}
          autoFocus
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          placeholder="Q4 2026 production releases"
        />
      </Field>
      <Field label="Description (optional)">
        <textarea
          value={description}
          rows={3}
          maxLength={5000}
          onChange={(e) => setDescription(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
          }}
        />
      </Field>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Creating…' : 'Create audit'}
        </button>
        <button type="button" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
