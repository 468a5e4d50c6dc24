import { useRef, useState } from 'react';
import { useNow } from '../../hooks/useNow';
import { useQuery } from '../../hooks/useQuery';
import type { BypassedControl, EmergencyReview, Release, ReleaseFields } from '../../../../shared/api/releases';
import { formatInZone } from '../../../../shared/time';
import { api } from '../../api/client';
import { RowError } from '../../components/RowError';
import { RowField } from '../../components/RowField';
import { ZonedInput } from '../../components/ZonedInput';
import { useKeyForm, type FieldErrors } from '../../components/useKeyForm';
import type { SaveState } from '../../hooks/useAutosave';
import { bypassRowProblems, pickItem, type ChecklistItemRef } from './bypassRows';
import { Field } from '../../components/Field';

const REMEDIATION_HOURS = 72;

/** Counts down to a deadline, live: "41 h 12 min left" or "overdue by 3 h 5 min". */
function Countdown({ deadline }: { deadline: number }) {
  const now = useNow();
  const left = deadline - now;
  const abs = Math.abs(left);
  const text = `${Math.floor(abs / 3_600_000)} h ${Math.floor((abs % 3_600_000) / 60_000)} min`;
  return <span className={left < 0 ? 'status-error' : 'status-ok'}>{left < 0 ? `overdue by ${text}` : `${text} left`}</span>;
}

/** The items of the audit's pinned checklist, for picking bypassed controls (null while unknown). */
function usePinnedItems(auditId: string): ChecklistItemRef[] | null {
  const { data } = useQuery(async (): Promise<ChecklistItemRef[]> => {
    const audit = await api['audits.get']({ id: auditId });
    if (!audit.pinnedTemplate) return [];
    const version = await api['templates.version']({ id: audit.pinnedTemplate.versionId });
    return version.content.items.map((i) => ({ key: i.key, title: i.title }));
  }, [auditId]);
  return data ?? null;
}

/** An emergency release after the fact: why, who approved it and when, what was bypassed, the review. */
export function EmergencyPanel({ release, edit, saveState }: { release: Release; edit: (patch: Partial<ReleaseFields>) => void; saveState: SaveState }) {
  const tz = release.timeZone || 'UTC';
  const items = usePinnedItems(release.auditId);
  const review: EmergencyReview = release.emergencyReview ?? { heldAt: null, notes: '', actions: [] };
  const setReview = (patch: Partial<EmergencyReview>) => edit({ emergencyReview: { ...review, ...patch } });
  return (
    <div>
      <section className="panel form" aria-label="Emergency justification and approval">
        <Field label="Justification" className="wide">
          <textarea rows={3} value={release.emergencyJustification} onChange={(e) => edit({ emergencyJustification: e.target.value })} />
        </Field>
        <div className="grid-2">
          <Field label="Approved after the fact by">
            <input value={release.postFactoApprovedBy} onChange={(e) => edit({ postFactoApprovedBy: e.target.value })} />
          </Field>
          <div className="field">
            <span className="label">Approved at ({tz})</span>
            <ZonedInput label="Approved after the fact at" value={release.postFactoApprovedAt} timeZone={tz} onChange={(postFactoApprovedAt) => edit({ postFactoApprovedAt })} />
          </div>
        </div>
      </section>
      <BypassedControls release={release} items={items} edit={edit} saveState={saveState} />
      <section className="panel form" aria-label="Post-emergency review">
        <h3>Post-emergency review</h3>
        <div className="field">
          <span className="label">Held at ({tz})</span>
          <ZonedInput label="Review held at" value={review.heldAt} timeZone={tz} onChange={(heldAt) => setReview({ heldAt })} />
        </div>
        <Field label="Review notes" className="wide">
          <textarea rows={3} value={review.notes} onChange={(e) => setReview({ notes: e.target.value })} />
        </Field>
        <h4>Action items</h4>
        {review.actions.map((a, i) => (
          <div className="row-edit" key={i}>
            <label className="choice">
              <input type="checkbox" aria-label={`Action ${i + 1} done`} checked={a.done} onChange={(e) => setReview({ actions: review.actions.map((x, j) => (j === i ? { ...x, done: e.target.checked } : x)) })} />
              Done
            </label>
            <RowField label="Action" grow>
              <textarea rows={1} className="grow-text" aria-label={`Action ${i + 1}`} value={a.text} onChange={(e) => setReview({ actions: review.actions.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })} />
            </RowField>
            <RowField label="Owner">
              <input aria-label={`Action ${i + 1} owner`} value={a.owner} placeholder="Owner" onChange={(e) => setReview({ actions: review.actions.map((x, j) => (j === i ? { ...x, owner: e.target.value } : x)) })} />
            </RowField>
          </div>
        ))}
        <button type="button" className="small" onClick={() => setReview({ actions: [...review.actions, { text: 'New action', owner: '', done: false }] })}>
          + Add action
        </button>
      </section>
    </div>
  );
}

/**
 * Controls bypassed in the emergency, picked from the pinned checklist. Each row is checked on its
 * own: a row with a problem stays on screen, marked, and is left out of the save; the others save.
 */
function BypassedControls({ release, items, edit, saveState }: { release: Release; items: ChecklistItemRef[] | null; edit: (patch: Partial<ReleaseFields>) => void; saveState: SaveState }) {
  const tz = release.timeZone || 'UTC';
  // Rows that cannot be saved yet are kept on this computer, so a reload never loses what was typed.
  const draftKey = `release-audit.bypass-drafts.${release.id}`;
  const [rows, setRows] = useState<BypassedControl[]>(() => {
    try {
      const drafts = JSON.parse(window.localStorage.getItem(draftKey) ?? '[]') as BypassedControl[];
      return [...release.bypassedControls, ...drafts.filter((d) => !release.bypassedControls.some((b) => b.itemKey === d.itemKey))];
    } catch {
      return release.bypassedControls;
    }
  });
  const [typed, setTyped] = useState('');
  const sent = useRef(JSON.stringify(release.bypassedControls));
  const problems = bypassRowProblems(rows, items);
  // A refusal the screen did not foresee still lands on the row it names.
  const refused = saveState.kind === 'error' && saveState.fields.includes('bypassedControls') ? saveState.message : null;
  const change = (next: BypassedControl[]) => {
    setRows(next);
    const problems = bypassRowProblems(next, items);
    const valid = next.filter((_, i) => problems[i] === null);
    const invalid = next.filter((_, i) => problems[i] !== null);
    if (invalid.length > 0) window.localStorage.setItem(draftKey, JSON.stringify(invalid));
    else window.localStorage.removeItem(draftKey);
    const json = JSON.stringify(valid);
    if (json !== sent.current) {
      sent.current = json;
      edit({ bypassedControls: valid });
    }
  };
  const update = (i: number, patch: Partial<BypassedControl>) => change(rows.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const { formProps, field, errorOf } = useKeyForm({
    validate: (): FieldErrors => {
      if (!typed.trim()) return { control: 'Control bypassed is empty: type a key or title of the pinned checklist and pick it.' };
      if (items === null) return { control: 'The pinned checklist could not be read, so the control cannot be checked: reload and try again.' };
      if (items.length === 0) return { control: 'No checklist is pinned to this audit (Plan, Alt+2): bypassed controls are picked from it.' };
      const item = pickItem(typed, items);
      if (!item) return { control: `${typed.trim()} is not an item of the pinned checklist: pick one from the list.` };
      if (rows.some((r) => r.itemKey === item.key)) return { control: `${item.key} is already listed.` };
      return {};
    },
    submit: async () => {
      const item = pickItem(typed, items ?? []) as ChecklistItemRef;
      change([...rows, { itemKey: item.key, bypassedAt: release.windowStart ?? new Date().toISOString(), remediatedAt: null, note: '' }]);
      setTyped('');
    },
    cancel: () => setTyped(''),
  });
  return (
    <section className="panel form" aria-label="Bypassed controls">
      <h3>Bypassed controls (remediate within {REMEDIATION_HOURS} hours)</h3>
      {rows.length === 0 && <p className="muted">No control recorded as bypassed.</p>}
      <ul className="bypassed">
        {rows.map((b, i) => {
          const deadline = Date.parse(b.bypassedAt) + REMEDIATION_HOURS * 3_600_000;
          const problem = problems[i] ?? (refused && refused.includes(b.itemKey) ? refused : null);
          const title = items?.find((it) => it.key === b.itemKey)?.title;
          return (
            <li key={`${b.itemKey}-${i}`} className={problem ? 'row-edit row-invalid' : 'row-edit'} aria-label={`Bypassed ${b.itemKey}`}>
              <span className="row-field">
                <code>{b.itemKey}</code>
                {title && <span className="muted small-text">{title}</span>}
              </span>
              <RowField label={`Bypassed at (${tz})`}>
                <ZonedInput label={`${b.itemKey} bypassed at (${tz})`} value={b.bypassedAt} timeZone={tz} onChange={(bypassedAt) => bypassedAt && update(i, { bypassedAt })} />
              </RowField>
              <RowField label="How it is being remediated" grow>
                <textarea rows={1} className="grow-text" aria-label={`${b.itemKey} note`} value={b.note} placeholder="How it is being remediated" onChange={(e) => update(i, { note: e.target.value })} />
              </RowField>
              <RowField label={`Remediated at (${tz})`}>
                <ZonedInput label={`${b.itemKey} remediated at (${tz})`} value={b.remediatedAt} timeZone={tz} onChange={(remediatedAt) => update(i, { remediatedAt })} />
              </RowField>
              {!b.remediatedAt && (
                <button type="button" className="small" onClick={() => update(i, { remediatedAt: new Date().toISOString() })}>
                  Remediated now
                </button>
              )}
              {problem ? (
                <RowError id={`bypass-${i}-error`} message={problem} />
              ) : b.remediatedAt ? (
                <span className={Date.parse(b.remediatedAt) > deadline ? 'status-error' : 'status-ok'}>
                  {Date.parse(b.remediatedAt) > deadline ? 'remediated late' : 'remediated in time'} ({formatInZone(b.remediatedAt, tz)})
                </span>
              ) : (
                <Countdown deadline={deadline} />
              )}
              <button type="button" className="small" aria-label={`Remove ${b.itemKey}`} onClick={() => change(rows.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <form className="inline-add" aria-label="Record a bypassed control" {...formProps}>
        <Field inline label="Control bypassed" id="em-bypass">
          <input list="em-bypass-items" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="Type a key or title, e.g. RA-RFC-04" autoComplete="off" {...field('control')} />
        </Field>
        <datalist id="em-bypass-items">
          {(items ?? []).map((i) => (
            <option key={i.key} value={i.key}>
              {i.title}
            </option>
          ))}
        </datalist>
        <button type="submit" className="small">
          Record bypass
        </button>
        {errorOf('control')}
      </form>
    </section>
  );
}
