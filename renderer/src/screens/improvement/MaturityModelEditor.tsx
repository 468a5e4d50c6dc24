import { useState } from 'react';
import type { MaturityModel } from '../../../../shared/api/maturity';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { useNotices } from '../../components/Notice';
import { plainError } from '../../components/plainError';

// A model's draft edited as its YAML file, and published as the next version with a reason; the
// versions published so far, newest first. An assessment keeps the version it pinned.

export function MaturityModelEditor({ model, onChanged }: { model: MaturityModel; onChanged: () => void }) {
  const push = useNotices((s) => s.push);
  const [text, setText] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const open = async () => {
    try {
      setText((await api['maturity.export']({ modelId: model.id })).text);
    } catch (error) {
      push('error', plainError((error as Error).message));
    }
  };
  const saveAndPublish = async () => {
    if (text === null) return;
    try {
      await api['maturity.saveDraft']({ id: model.id, text });
      const version = await api['maturity.publish']({ id: model.id, reason });
      setProblem(null);
      setText(null);
      setReason('');
      push('success', `Published v${version.version} of ${model.name}.`);
      onChanged();
    } catch (error) {
      setProblem(plainError((error as Error).message, { reason: 'Reason' }));
    }
  };

  return (
    <details className="maturity-model-editor">
      <summary>
        {model.name}: {model.versions.length} version{model.versions.length === 1 ? '' : 's'}, newest v{model.versions[0]?.version ?? 0}
      </summary>
      <ul className="muted small-text">
        {model.versions.map((v) => (
          <li key={v.id}>
            v{v.version} by {v.publishedBy}: {v.reason}
          </li>
        ))}
      </ul>
      {text === null ? (
        <button type="button" className="small" onClick={() => void open()}>
          Edit the model
        </button>
      ) : (
        <div className="maturity-model-form">
          <Field label="Model file (YAML)" error={problem ?? undefined} className="wide">
            <textarea className="grow-text" rows={14} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
          <Field label="Why this version">
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <button type="button" onClick={() => void saveAndPublish()}>
            Publish as the next version
          </button>{' '}
          <button type="button" className="small" onClick={() => setText(null)}>
            Cancel
          </button>
        </div>
      )}
    </details>
  );
}
