import { useState } from 'react';
import { useNow } from '../../hooks/useNow';
import type { BypassedControl, EmergencyReview, Release, ReleaseFields } from '../../../../shared/api/releases';
import { formatLocal } from '../../../../shared/time';
import { ZonedInput } from './ReleaseDetails';

const REMEDIATION_HOURS = 72;

/** Counts down to a deadline, live: "41 h 12 min left" or "overdue by 3 h 5 min". */
function Countdown({ deadline }: { deadline: number }) {
  const now = useNow();
  const left = deadline - now;
  const abs = Math.abs(left);
  const text = `${Math.floor(abs / 3_600_000)} h ${Math.floor((abs % 3_600_000) / 60_000)} min`;
  return <span className={left < 0 ? 'status-error' : 'status-ok'}>{left < 0 ? `overdue by ${text}` : `${text} left`}</span>;
}

/** An emergency release after the fact: why, who approved it and when, what was bypassed, the review. */
export function EmergencyPanel({ release, edit }: { release: Release; edit: (patch: Partial<ReleaseFields>) => void }) {
  const tz = release.timeZone || 'UTC';
  const [itemKey, setItemKey] = useState('');
  const bypassed = release.bypassedControls;
  const review: EmergencyReview = release.emergencyReview ?? { heldAt: null, notes: '', actions: [] };
  const setBypassed = (next: BypassedControl[]) => edit({ bypassedControls: next });
  const setReview = (patch: Partial<EmergencyReview>) => edit({ emergencyReview: { ...review, ...patch } });
  return (
    <div>
      <section className="panel form" aria-label="Emergency justification and approval">
        <div className="field wide">
          <label htmlFor="em-justification">Justification</label>
          <textarea id="em-justification" rows={3} value={release.emergencyJustification} onChange={(e) => edit({ emergencyJustification: e.target.value })} />
        </div>
        <div className="grid-2">
          <div className="field">
            <label htmlFor="em-approver">Approved after the fact by</label>
            <input id="em-approver" value={release.postFactoApprovedBy} onChange={(e) => edit({ postFactoApprovedBy: e.target.value })} />
          </div>
          <div className="field">
            <span className="label">Approved at ({tz})</span>
            <ZonedInput label="Approved after the fact at" value={release.postFactoApprovedAt} timeZone={tz} onChange={(postFactoApprovedAt) => edit({ postFactoApprovedAt })} />
          </div>
        </div>
      </section>
      <section className="panel form" aria-label="Bypassed controls">
        <h3>Bypassed controls (remediate within {REMEDIATION_HOURS} hours)</h3>
        {bypassed.length === 0 && <p className="muted">No control recorded as bypassed.</p>}
        <ul className="bypassed">
          {bypassed.map((b, i) => {
            const deadline = Date.parse(b.bypassedAt) + REMEDIATION_HOURS * 3_600_000;
            return (
              <li key={b.itemKey} className="row-edit">
                <code>{b.itemKey}</code>
                <ZonedInput
                  label={`${b.itemKey} bypassed at (${tz})`}
                  value={b.bypassedAt}
                  timeZone={tz}
                  onChange={(bypassedAt) => bypassedAt && setBypassed(bypassed.map((x, j) => (j === i ? { ...x, bypassedAt } : x)))}
                />
                {b.remediatedAt ? (
                  <span className={Date.parse(b.remediatedAt) > deadline ? 'status-error' : 'status-ok'}>
                    {Date.parse(b.remediatedAt) > deadline ? 'remediated late' : 'remediated in time'} ({formatLocal(b.remediatedAt)})
                  </span>
                ) : (
                  <Countdown deadline={deadline} />
                )}
                <input aria-label={`${b.itemKey} note`} value={b.note} placeholder="How it is being remediated" onChange={(e) => setBypassed(bypassed.map((x, j) => (j === i ? { ...x, note: e.target.value } : x)))} />
                <ZonedInput
                  label={`${b.itemKey} remediated at (${tz})`}
                  value={b.remediatedAt}
                  timeZone={tz}
                  onChange={(remediatedAt) => setBypassed(bypassed.map((x, j) => (j === i ? { ...x, remediatedAt } : x)))}
                />
                {!b.remediatedAt && (
                  <button type="button" className="small" onClick={() => setBypassed(bypassed.map((x, j) => (j === i ? { ...x, remediatedAt: new Date().toISOString() } : x)))}>
                    Remediated now
                  </button>
                )}
                <button type="button" className="small" aria-label={`Remove ${b.itemKey}`} onClick={() => setBypassed(bypassed.filter((_, j) => j !== i))}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
        <div className="inline-add">
          <label htmlFor="em-bypass">Control bypassed</label>
          <input id="em-bypass" value={itemKey} onChange={(e) => setItemKey(e.target.value)} placeholder="e.g. RA-RFC-04" />
          <button
            type="button"
            className="small"
            disabled={!itemKey.trim() || bypassed.some((b) => b.itemKey === itemKey.trim())}
            onClick={() => {
              setBypassed([...bypassed, { itemKey: itemKey.trim(), bypassedAt: release.windowStart ?? new Date().toISOString(), remediatedAt: null, note: '' }]);
              setItemKey('');
            }}
          >
            Record bypass
          </button>
        </div>
      </section>
      <section className="panel form" aria-label="Post-emergency review">
        <h3>Post-emergency review</h3>
        <div className="field">
          <span className="label">Held at ({tz})</span>
          <ZonedInput label="Review held at" value={review.heldAt} timeZone={tz} onChange={(heldAt) => setReview({ heldAt })} />
        </div>
        <div className="field wide">
          <label htmlFor="em-review-notes">Review notes</label>
          <textarea id="em-review-notes" rows={3} value={review.notes} onChange={(e) => setReview({ notes: e.target.value })} />
        </div>
        <h4>Action items</h4>
        {review.actions.map((a, i) => (
          <div className="row-edit" key={i}>
            <input type="checkbox" aria-label={`Action ${i + 1} done`} checked={a.done} onChange={(e) => setReview({ actions: review.actions.map((x, j) => (j === i ? { ...x, done: e.target.checked } : x)) })} />
            <input aria-label={`Action ${i + 1}`} value={a.text} onChange={(e) => setReview({ actions: review.actions.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })} />
            <input aria-label={`Action ${i + 1} owner`} value={a.owner} placeholder="Owner" onChange={(e) => setReview({ actions: review.actions.map((x, j) => (j === i ? { ...x, owner: e.target.value } : x)) })} />
          </div>
        ))}
        <button type="button" className="small" onClick={() => setReview({ actions: [...review.actions, { text: 'New action', owner: '', done: false }] })}>
          + Add action
        </button>
      </section>
    </div>
  );
}
