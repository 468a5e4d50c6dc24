import { useState } from 'react';
import type { FindingSummary } from '../../../../shared/api/findings';
import type { Release } from '../../../../shared/api/releases';
import type { Retrospective, RetrospectiveFields } from '../../../../shared/api/retrospectives';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { SaveIndicator } from '../../components/SaveIndicator';
import { useAutosave } from '../../hooks/useAutosave';

// One retrospective, saved as it is typed: when and about what, who took part, what went well and
// badly, and the audit's findings fed into it.

const labels = { title: 'Title', heldOn: 'Held on', participants: 'Participants', wentWell: 'What went well', wentBadly: 'What went badly', findingIds: 'Findings fed into it' };

export function RetrospectiveEditor({
  retrospective,
  releases,
  findings,
  onSaved,
}: {
  retrospective: Retrospective;
  releases: Release[];
  findings: FindingSummary[];
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState(retrospective);
  const { state, queue } = useAutosave<RetrospectiveFields>(
    async (patch) => {
      await api['retrospectives.save']({ id: retrospective.id, ...patch });
      onSaved();
    },
    400,
    labels,
  );
  const edit = (patch: Partial<RetrospectiveFields>) => {
    setDraft((d) => ({ ...d, ...patch }));
    queue(patch);
  };
  const people = draft.participants;
  const setPeople = (participants: RetrospectiveFields['participants']) => edit({ participants });
  return (
    <section className="panel form" aria-label={`Retrospective ${draft.title}`}>
      <div className="release-head">
        <h3>{draft.title || 'Untitled retrospective'}</h3>
        <SaveIndicator state={state} />
      </div>
      <div className="grid-3">
        <Field label="Title">
          <input value={draft.title} onChange={(e) => edit({ title: e.target.value })} />
        </Field>
        <Field label="Held on">
          <input type="date" value={draft.heldOn ?? ''} onChange={(e) => edit({ heldOn: e.target.value || null })} />
        </Field>
        <Field label="About">
          <select value={draft.releaseId ?? ''} onChange={(e) => edit({ releaseId: e.target.value || null })}>
            <option value="">the audit cycle as a whole</option>
            {releases.map((r) => (
              <option key={r.id} value={r.id}>
                release {r.identifier}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset className="plain-fieldset" aria-label="Participants">
        <legend>Participants</legend>
        {people.length === 0 && <p className="muted">No participants yet.</p>}
        {people.map((person, index) => (
          <div className="row-edit" key={index}>
            <input aria-label={`Participant ${index + 1} name`} placeholder="Name" value={person.name} onChange={(e) => setPeople(people.map((p, i) => (i === index ? { ...p, name: e.target.value } : p)))} />
            <input aria-label={`Participant ${index + 1} role`} placeholder="Role" value={person.role} onChange={(e) => setPeople(people.map((p, i) => (i === index ? { ...p, role: e.target.value } : p)))} />
            <button type="button" className="small" aria-label={`Remove participant ${index + 1}`} onClick={() => setPeople(people.filter((_, i) => i !== index))}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="small" onClick={() => setDraft((d) => ({ ...d, participants: [...d.participants, { name: '', role: '' }] }))}>
          + Participant
        </button>
      </fieldset>
      <div className="grid-2">
        <Field label="What went well">
          <textarea rows={4} value={draft.wentWell} onChange={(e) => edit({ wentWell: e.target.value })} />
        </Field>
        <Field label="What went badly">
          <textarea rows={4} value={draft.wentBadly} onChange={(e) => edit({ wentBadly: e.target.value })} />
        </Field>
      </div>
      <fieldset className="plain-fieldset" aria-label="Findings fed into it">
        <legend>Findings fed into it</legend>
        {findings.length === 0 && <p className="muted">The audit has no findings yet.</p>}
        <ul className="item-list">
          {findings.map((f) => (
            <li key={f.id}>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={draft.findingIds.includes(f.id)}
                  onChange={(e) => edit({ findingIds: e.target.checked ? [...draft.findingIds, f.id] : draft.findingIds.filter((id) => id !== f.id) })}
                />
                {f.title} <span className="muted">({f.severity})</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </section>
  );
}
