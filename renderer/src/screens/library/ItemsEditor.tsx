import { useState } from 'react';
import type { TemplateContent, TemplateItem } from '../../../../shared/api/templates';
import { useLibrary } from '../../stores/library';

/**
 * The template's items by stage: reorder (buttons, or Alt+↑/↓ on a row), remove, add library
 * controls, organisation-specific items and control points.
 */
export function ItemsEditor({ content, onChange }: { content: TemplateContent; onChange: (content: TemplateContent) => void }) {
  const library = useLibrary((s) => s.controls);
  if (!library) return null;
  const items = content.items;
  const setItems = (next: TemplateItem[]) => onChange({ ...content, items: next });

  const move = (key: string, direction: -1 | 1) => {
    const index = items.findIndex((i) => i.key === key);
    const item = items[index];
    if (!item) return;
    let target = index + direction;
    while (target >= 0 && target < items.length && items[target]?.stage !== item.stage) target += direction;
    if (target < 0 || target >= items.length) return;
    const next = [...items];
    next[index] = next[target] as TemplateItem;
    next[target] = item;
    setItems(next);
    window.requestAnimationFrame(() => document.getElementById(`item-${key}`)?.focus());
  };

  return (
    <section className="panel" aria-label="Checklist items">
      <h2>Checklist items ({items.length})</h2>
      {library.stages.map((stage) => {
        const inStage = items.filter((i) => i.stage === stage.id);
        return (
          <div key={stage.id} className="stage-group" role="group" aria-label={`${stage.title} items`}>
            <h3>
              {stage.title} <span className="muted">({inStage.length})</span>
            </h3>
            {inStage.length === 0 && <p className="muted">No items in this stage.</p>}
            <ol className="item-list">
              {inStage.map((item, position) => (
                <li
                  key={item.key}
                  id={`item-${item.key}`}
                  tabIndex={0}
                  className="item-row"
                  aria-label={`${item.key} ${item.title}`}
                  onKeyDown={(e) => {
                    if (e.altKey && e.key === 'ArrowUp') {
                      e.preventDefault();
                      move(item.key, -1);
                    } else if (e.altKey && e.key === 'ArrowDown') {
                      e.preventDefault();
                      move(item.key, 1);
                    }
                  }}
                >
                  <span className="item-pos">{position + 1}</span>
                  <code>{item.key}</code>
                  <span className="grow">
                    {item.title}
                    {item.kind !== 'control' && <span className="badge">{item.kind === 'custom' ? 'organisation item' : 'control point'}</span>}
                  </span>
                  <button type="button" className="small" aria-label={`Move ${item.key} up`} disabled={position === 0} onClick={() => move(item.key, -1)}>
                    ↑
                  </button>
                  <button type="button" className="small" aria-label={`Move ${item.key} down`} disabled={position === inStage.length - 1} onClick={() => move(item.key, 1)}>
                    ↓
                  </button>
                  <button type="button" className="small" aria-label={`Remove ${item.key}`} onClick={() => setItems(items.filter((i) => i.key !== item.key))}>
                    Remove
                  </button>
                </li>
              ))}
            </ol>
            <AddItem stageId={stage.id} stageTitle={stage.title} items={items} onAdd={(item) => setItems(insertAfterStage(items, item))} />
          </div>
        );
      })}
    </section>
  );
}

function insertAfterStage(items: TemplateItem[], item: TemplateItem): TemplateItem[] {
  const last = items.map((i) => i.stage).lastIndexOf(item.stage);
  const next = [...items];
  next.splice(last === -1 ? next.length : last + 1, 0, item);
  return next;
}

function AddItem({ stageId, stageTitle, items, onAdd }: { stageId: TemplateItem['stage']; stageTitle: string; items: TemplateItem[]; onAdd: (item: TemplateItem) => void }) {
  const library = useLibrary((s) => s.controls);
  const [controlId, setControlId] = useState('');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<'custom' | 'control-point'>('custom');
  const missing = (library?.controls ?? []).filter((c) => c.stage === stageId && !items.some((i) => i.controlId === c.id));
  const addControl = () => {
    const control = library?.controls.find((c) => c.id === controlId);
    if (!control) return;
    onAdd({ key: control.id, stage: stageId, kind: 'control', controlId: control.id, title: control.title, procedure: control.testProcedure, evidenceExpected: control.evidenceExpected });
    setControlId('');
  };
  const addOwn = () => {
    if (!title.trim()) return;
    const key = `ORG-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    onAdd({ key, stage: stageId, kind, controlId: null, title: title.trim(), procedure: '', evidenceExpected: [] });
    setTitle('');
  };
  return (
    <div className="add-items">
      {missing.length > 0 && (
        <span className="inline-add">
          <select aria-label={`Library control to add to ${stageTitle}`} value={controlId} onChange={(e) => setControlId(e.target.value)}>
            <option value="">Add a library control…</option>
            {missing.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id} {c.title}
              </option>
            ))}
          </select>
          <button type="button" className="small" disabled={!controlId} onClick={addControl}>
            Add control
          </button>
        </span>
      )}
      <span className="inline-add">
        <input
          aria-label={`New ${stageTitle} item`}
          placeholder="Organisation-specific item or control point"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              addOwn();
            }
          }}
        />
        <select aria-label={`Kind of new ${stageTitle} item`} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="custom">organisation item</option>
          <option value="control-point">control point</option>
        </select>
        <button type="button" className="small" disabled={!title.trim()} onClick={addOwn}>
          Add item
        </button>
      </span>
    </div>
  );
}
