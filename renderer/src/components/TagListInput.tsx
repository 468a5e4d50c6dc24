import { useId, useState } from 'react';

/** A short list of names (environments, teams, integrations): Enter adds, × removes. */
export function TagListInput({ label, values, onChange, placeholder }: { label: string; values: string[]; onChange: (values: string[]) => void; placeholder?: string }) {
  const [draft, setDraft] = useState('');
  const id = useId();
  const add = () => {
    const value = draft.trim();
    if (value && !values.includes(value)) onChange([...values, value]);
    setDraft('');
  };
  return (
    <div className="field tag-list">
      <label htmlFor={id}>{label}</label>
      <div className="tags" role="list" aria-label={label}>
        {values.map((value) => (
          <span className="tag" role="listitem" key={value}>
            {value}
            <button type="button" className="link-button" aria-label={`Remove ${value} from ${label}`} onClick={() => onChange(values.filter((v) => v !== value))}>
              ×
            </button>
          </span>
        ))}
        <input
          id={id}
          value={draft}
          placeholder={placeholder ? `e.g. ${placeholder} — Enter adds` : 'Type, then Enter adds'}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
          onBlur={add}
        />
      </div>
    </div>
  );
}
