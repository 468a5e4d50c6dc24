import { useRef, useState } from 'react';
import type { RulePackVersion } from '../../../../shared/api/rules';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { refusedLine, withPackId } from './packText';

// A rule pack version edited as YAML text and saved as the next version. A refusal names its line:
// it is shown beside the editor, and "Go to line" puts the cursor on that line.

export function RulePackEditor({ base, onSaved, onCancel }: { base: RulePackVersion; onSaved: (version: RulePackVersion) => void; onCancel: () => void }) {
  const [text, setText] = useState(() => withPackId(base.source, base.packId));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const line = error ? refusedLine(error) : null;

  async function save() {
    setSaving(true);
    try {
      const version = await api['rules.saveVersion']({ text, fileName: 'rules.yaml', reason: reason.trim() });
      setError(null);
      onSaved(version);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  }

  function goToLine(n: number) {
    const element = area.current;
    if (!element) return;
    const lines = element.value.split('\n');
    const start = lines.slice(0, n - 1).reduce((sum, l) => sum + l.length + 1, 0);
    element.focus();
    element.setSelectionRange(start, start + (lines[n - 1]?.length ?? 0));
    // Bring the line into view, a few lines from the top.
    const lineHeight = Number.parseFloat(getComputedStyle(element).lineHeight) || 18;
    element.scrollTop = Math.max(0, (n - 4) * lineHeight);
  }

  return (
    <section className="panel" aria-label="Edit rule pack">
      <h2>
        New version of {base.packName} (from v{base.version})
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="pack-editor">
          <Field label="Rule pack YAML">
            <textarea
              ref={area}
              className="pack-source"
              value={text}
              spellCheck={false}
              rows={22}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'pack-error' : undefined}
              onChange={(e) => setText(e.target.value)}
            />
          </Field>
          <div className="pack-side">
            {error && (
              <div id="pack-error" className="pack-error" role="alert">
                <strong>{line ? `Line ${line}` : 'Not saved'}</strong>
                <span>{error}</span>
                {line && (
                  <p>
                    <button type="button" className="small" onClick={() => goToLine(line)}>
                      Go to line {line}
                    </button>
                  </p>
                )}
              </div>
            )}
            {!error && (
              <p className="muted">
                Saved whole or not at all: a mistake is shown here with its line, and nothing is stored. The <code>id</code> line names this pack; without it the text is saved as a new pack.
              </p>
            )}
          </div>
        </div>
        <div className="inline-add">
          <Field inline label="Why this version">
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
          </Field>
          <button type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save new version'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
