import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';
import { useRememberedSelection } from '../../hooks/useRememberedSelection';
import { TemplateEditor } from './TemplateEditor';
import { Field } from '../../components/Field';

/** The list of checklist templates, a new one, an imported one, and the editor of the chosen one. */
export function TemplatesTab() {
  const list = useQuery(() => api['templates.list']({}), [], useErrorNotice());
  const templates = list.data ?? null;
  const [current, choose] = useRememberedSelection('template', templates);
  const selected = current?.id ?? null;
  const reload = list.reload;
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [fromLibrary, setFromLibrary] = useState(true);
  const fileInput = useRef<HTMLInputElement>(null);
  const push = useNotices((s) => s.push);

  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      const template = await api['templates.create']({ name, fromLibrary });
      await reload();
      choose(template.id);
      setCreating(false);
      setName('');
      push('success', `Template "${template.name}" created as a draft.`);
    } catch (error) {
      push('error', (error as Error).message);
    }
  }

  async function importFile(file: File) {
    try {
      const text = await file.text();
      const version = await api['templates.import']({ text, fileName: file.name });
      await reload();
      choose(version.templateId);
      push('success', `Imported "${version.templateName}" as v${version.version}.`);
    } catch (error) {
      push('error', (error as Error).message);
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  }

  if (!templates) return <p className="muted" role="status">Loading templates…</p>;
  return (
    <div className="split">
      <aside className="split-list" aria-label="Templates">
        <ul>
          {templates.map((t) => (
            <li key={t.id}>
              <button type="button" className={t.id === selected ? 'nav-item active' : 'nav-item'} aria-current={t.id === selected ? 'true' : undefined} onClick={() => choose(t.id)}>
                <span>
                  {t.name}
                  <span className="muted block">
                    {t.versions[0] ? `v${t.versions[0].version}` : 'draft only'}
                    {t.hasUnpublishedChanges && t.versions.length > 0 ? ' · unpublished changes' : ''}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        {creating ? (
          <form className="form" onSubmit={create} aria-label="New template">
            <Field label="Template name">
              <input autoFocus value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setCreating(false)} />
            </Field>
            <label className="choice">
              <input type="checkbox" checked={fromLibrary} onChange={(e) => setFromLibrary(e.target.checked)} />
              Start with every library control
            </label>
            <div className="actions">
              <button type="submit" className="primary" disabled={name.trim() === ''}>
                Create
              </button>
              <button type="button" onClick={() => setCreating(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <div className="actions wrap">
            <button type="button" onClick={() => setCreating(true)}>
              New template
            </button>
            <button type="button" onClick={() => fileInput.current?.click()}>
              Import file…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".yaml,.yml,.json"
              className="sr-only"
              aria-label="Import a template file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void importFile(file);
              }}
            />
          </div>
        )}
      </aside>
      <div className="split-main">
        {selected ? <TemplateEditor key={selected} templateId={selected} onChanged={() => void reload()} /> : <p className="muted">Choose or create a template.</p>}
      </div>
    </div>
  );
}
