import { useState } from 'react';
import type { TemplateContent, ToleratedDeviation } from '../../../../shared/api/templates';
import { useLibrary } from '../../stores/library';
import { Field } from '../../components/Field';

/** Tolerated deviations: what the policy allows to be skipped, on which conditions, approved within how long. */
export function DeviationsEditor({ content, onChange }: { content: TemplateContent; onChange: (content: TemplateContent) => void }) {
  const stages = useLibrary((s) => s.controls)?.stages ?? [];
  const deviations = content.deviations;
  const set = (next: ToleratedDeviation[]) => onChange({ ...content, deviations: next });
  const change = (index: number, patch: Partial<ToleratedDeviation>) => set(deviations.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  return (
    <section className="panel form" aria-label="Tolerated deviations">
      <h2>Tolerated deviations</h2>
      <p className="muted">The template's policy on exceptions; releases are checked against it during fieldwork.</p>
      {deviations.map((d, index) => (
        <fieldset key={d.key} className="deviation">
          <legend>{d.title || 'Untitled deviation'}</legend>
          <div className="grid-2">
            <Field label="Title">
              <input value={d.title} onChange={(e) => change(index, { title: e.target.value })} />
            </Field>
            <Field label="Applies to">
              <select value={d.appliesTo} onChange={(e) => change(index, { appliesTo: e.target.value as ToleratedDeviation['appliesTo'] })}>
                {stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field label="What it allows" className="wide">
            <textarea rows={2} value={d.allows} onChange={(e) => change(index, { allows: e.target.value })} />
          </Field>
          <Field label="Conditions (one per line)" className="wide">
            <LinesTextarea lines={d.conditions} onChange={(conditions) => change(index, { conditions })} />
          </Field>
          <div className="inline-add">
            <Field inline label="Post-facto approval within (hours, empty for none)">
              <input
                type="number"
                min={1}
                value={d.postFactoApprovalHours ?? ''}
                onChange={(e) => change(index, { postFactoApprovalHours: e.target.value === '' ? null : Math.max(1, Math.floor(Number(e.target.value))) })}
              />
            </Field>
            <button type="button" className="small" onClick={() => set(deviations.filter((_, i) => i !== index))}>
              Remove deviation
            </button>
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className="small"
        onClick={() =>
          set([...deviations, { key: `dev-${crypto.randomUUID().slice(0, 8)}`, title: 'New deviation', appliesTo: 'emergency', allows: 'Describe what may be skipped.', conditions: [], postFactoApprovalHours: null }])
        }
      >
        + Add tolerated deviation
      </button>
    </section>
  );
}

/** One entry per line; the text as typed (blank lines included) stays on screen, the list drops blanks. */
function LinesTextarea({ id, lines, onChange }: { id?: string; lines: string[]; onChange: (lines: string[]) => void }) {
  const [text, setText] = useState(lines.join('\n'));
  return (
    <textarea
      id={id}
      rows={Math.max(2, lines.length + 1)}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.split('\n').map((line) => line.trim()).filter((line) => line !== ''));
      }}
    />
  );
}
