import { useEffect, useState } from 'react';
import type { IgnoreList } from '../../../../shared/api/config';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { plainError } from '../../components/plainError';

// The audit's ignore list: one pattern a line (`**.replicas`, `*.host`, or a key's name such as DB_PASSWORD).

export function ConfigIgnoreList({ auditId, readOnly, onSaved }: { auditId: string; readOnly: boolean; onSaved: (list: IgnoreList) => void }) {
  const [list, setList] = useState<IgnoreList | null>(null);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api['config.ignoreList']({ auditId }).then((loaded) => {
      if (!live) return;
      setList(loaded);
      setText(loaded.patterns.join('\n'));
    });
    return () => {
      live = false;
    };
  }, [auditId]);
  const save = async (patterns: string[]) => {
    try {
      const saved = await api['config.setIgnoreList']({ auditId, patterns });
      setList(saved);
      setText(saved.patterns.join('\n'));
      setMessage(`Saved: ${saved.patterns.length} pattern(s). They apply to the comparisons made from now on.`);
      onSaved(saved);
    } catch (error) {
      setMessage(plainError((error as Error).message));
    }
  };
  if (!list) return <p className="muted" role="status">Loading the ignore list…</p>;
  return (
    <section className="config-ignores" aria-label="Ignore list">
      <Field label="Ignore list (one pattern a line)" hint={list.custom ? `Set by ${list.updatedBy}.` : 'The shipped default: hosts, URLs and replica counts.'}>
        <textarea rows={6} value={text} readOnly={readOnly} onChange={(e) => setText(e.target.value)} />
      </Field>
      {!readOnly && (
        <div className="row">
          <button type="button" onClick={() => void save(text.split('\n'))}>Save ignore list</button>
          <button type="button" onClick={() => void save(list.defaults)}>Back to the default</button>
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
