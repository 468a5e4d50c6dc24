import { useState } from 'react';
import type { Control } from '../../../../shared/api/library';
import type { CalibrationFields, CalibrationSession } from '../../../../shared/api/training';
import { formatDate } from '../../../../shared/time';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { SaveIndicator } from '../../components/SaveIndicator';
import { TagListInput } from '../../components/TagListInput';
import { useAutosave } from '../../hooks/useAutosave';
import { forgetCalibrationSessions } from './TrainingGuidanceCache';

// One calibration session, saved as it is edited: when, who (auditors and the release team), and
// the interpretation agreed per control, which guides that control's checklist item from its date on.

const labels = { heldOn: 'Held on', auditors: 'Auditors', releaseTeam: 'Release team', interpretations: 'Agreed interpretations', notes: 'Notes' };

export function CalibrationEditor({ session, controls, onSaved }: { session: CalibrationSession; controls: Control[]; onSaved: () => void }) {
  const [draft, setDraft] = useState(session);
  const [adding, setAdding] = useState('');
  const { state, queue } = useAutosave<CalibrationFields>(
    async (patch) => {
      await api['training.saveSession']({ id: session.id, ...patch });
      forgetCalibrationSessions();
      onSaved();
    },
    400,
    labels,
  );
  const edit = (patch: Partial<CalibrationFields>) => {
    setDraft((d) => ({ ...d, ...patch }));
    queue(patch);
  };
  const list = draft.interpretations;
  const titleOf = (id: string) => controls.find((c) => c.id === id)?.title ?? id;
  return (
    <section className="panel form" aria-label={`Calibration session of ${draft.heldOn}`}>
      <div className="release-head">
        <h3>Calibration session, {formatDate(draft.heldOn)}</h3>
        <SaveIndicator state={state} />
      </div>
      <div className="grid-3">
        <Field label="Held on" hint="Its interpretations guide checks made from this date on.">
          <input type="date" value={draft.heldOn} onChange={(e) => e.target.value && edit({ heldOn: e.target.value })} />
        </Field>
        <TagListInput label="Auditors" values={draft.auditors} onChange={(auditors) => edit({ auditors })} placeholder="Ana Auditor" />
        <TagListInput label="Release team" values={draft.releaseTeam} onChange={(releaseTeam) => edit({ releaseTeam })} placeholder="Ben Release" />
      </div>
      <fieldset className="plain-fieldset" aria-label="Agreed interpretations">
        <legend>Agreed interpretation per control</legend>
        {list.length === 0 && <p className="muted">No control discussed yet: add one below.</p>}
        {list.map((item, index) => (
          <div className="field" key={item.controlId}>
            <label htmlFor={`interp-${session.id}-${item.controlId}`}>
              {item.controlId} {titleOf(item.controlId)}
            </label>
            <textarea
              id={`interp-${session.id}-${item.controlId}`}
              rows={2}
              value={item.interpretation}
              onChange={(e) => edit({ interpretations: list.map((x, i) => (i === index ? { ...x, interpretation: e.target.value } : x)) })}
            />
            <button type="button" className="small" aria-label={`Remove ${item.controlId}`} onClick={() => edit({ interpretations: list.filter((_, i) => i !== index) })}>
              Remove
            </button>
          </div>
        ))}
        <div className="inline-add">
          <Field inline label="Control">
            <select value={adding} onChange={(e) => setAdding(e.target.value)}>
              <option value="">Choose a control…</option>
              {controls
                .filter((c) => !list.some((x) => x.controlId === c.id))
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.id} {c.title}
                  </option>
                ))}
            </select>
          </Field>
          <button
            type="button"
            disabled={!adding}
            onClick={() => {
              // Saved once the interpretation is written (an empty one is refused).
              setDraft((d) => ({ ...d, interpretations: [...d.interpretations, { controlId: adding, interpretation: '' }] }));
              setAdding('');
            }}
          >
            Add control
          </button>
        </div>
      </fieldset>
      <Field label="Notes">
        <textarea rows={2} value={draft.notes} onChange={(e) => edit({ notes: e.target.value })} />
      </Field>
    </section>
  );
}
