import type { SyncConflict } from '../../../../shared/api/sync';
import { formatValue, shortId, when } from './format';
import { compareLists, isList, type ListItem } from './list-diff';

const kindWords: Record<SyncConflict['kind'], string> = {
  concurrent: 'Concurrent edit: both laptops changed this field before they synced.',
  deleted: 'Edited after it was deleted on another laptop: the deletion stands.',
  frozen: 'Edited after the audit was finalised on another laptop: the finalised value stands.',
};

const decisionWords: Record<'keep' | 'swap' | 'combine', string> = {
  keep: 'Decided: kept the current value',
  swap: 'Decided: used the other value',
  combine: 'Decided: kept both lists in one',
};

const noSwapWords: Record<SyncConflict['kind'], string> = {
  concurrent: 'This record can no longer change (finalised or append-only): keep the current value, and add an amendment if the other one matters.',
  deleted: 'The record is gone: keep the deletion, and add the other value again if it still matters.',
  frozen: 'The audit is finalised: keep the current value, and add an amendment if the other one matters.',
};

/** One conflict: the record and field, why it is a conflict, both values with who and when, and the decision. */
export function ConflictRow({ conflict: c, auditName, busy, onDecide }: { conflict: SyncConflict; auditName: string | null; busy: boolean; onDecide: (decision: 'keep' | 'swap' | 'combine') => void }) {
  // Two lists are read side by side, item by item, each item only one side holds marked as such.
  const lists = c.kind !== 'deleted' && (isList(c.current.value) || isList(c.other.value)) ? compareLists(c.current.value, c.other.value) : null;
  const currentBy = c.kind === 'deleted' ? `Deleted by ${c.current.actor ?? 'someone'}` : c.current.actor ? `By ${c.current.actor}` : 'As finalised';
  return (
    <li className={c.resolution ? 'conflict settled' : 'conflict'} aria-label={`${c.record}, ${c.fieldLabel}`}>
      <div className="conflict-head">
        <strong>{c.record}</strong>
        <span>
          · <span className="field-name">{c.fieldLabel}</span>
        </span>
        {auditName && <span className="muted">· {auditName}</span>}
        <span className={`badge conflict-kind-${c.kind}`}>{c.kind === 'concurrent' ? 'concurrent edit' : c.kind === 'deleted' ? 'edited after deletion' : 'edited after finalising'}</span>
      </div>
      <p className="muted conflict-why">{kindWords[c.kind]}</p>
      <div className="conflict-values">
        <div className="conflict-value current" aria-label="Current value">
          <span className="label">Current value</span>
          {lists ? <ListValue items={lists.current} only="only here" label="Current list" /> : <span className="value">{c.kind === 'deleted' ? '(record deleted)' : formatValue(c.current.value)}</span>}
          <span className="muted block">
            {currentBy}, {when(c.current.at)}
          </span>
        </div>
        <div className="conflict-value other" aria-label="Other value">
          <span className="label">Other value</span>
          {lists ? <ListValue items={lists.other} only="only there" label="Other list" /> : <span className="value">{formatValue(c.other.value)}</span>}
          <span className="muted block">
            By {c.other.actor} on device {shortId(c.other.deviceId)}, {when(c.other.at)}
          </span>
        </div>
      </div>
      {c.resolution ? (
        <p className="conflict-decision" role="note">
          {decisionWords[c.resolution.decision]} — {c.resolution.by}, {when(c.resolution.at)}
        </p>
      ) : (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => onDecide('keep')}>
            Keep current
          </button>
          {c.canSwap && (
            <button type="button" disabled={busy} onClick={() => onDecide('swap')}>
              Use other value
            </button>
          )}
          {c.canCombine && (
            <button type="button" disabled={busy} onClick={() => onDecide('combine')}>
              Keep both
            </button>
          )}
          {!c.canSwap && <span className="muted">{noSwapWords[c.kind]}</span>}
        </div>
      )}
    </li>
  );
}

function ListValue({ items, only, label }: { items: ListItem[]; only: string; label: string }) {
  if (items.length === 0) return <span className="value">(empty list)</span>;
  return (
    <ul className="conflict-items" aria-label={label}>
      {items.map((item, i) => (
        <li key={i} className={item.only ? 'only' : undefined}>
          {item.only && <span className="badge only-badge">{only}</span>} {item.text}
        </li>
      ))}
    </ul>
  );
}
