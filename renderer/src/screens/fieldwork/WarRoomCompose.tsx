import { useState } from 'react';
import { nodeStatuses, type EntryKind } from '../../../../shared/api/warroom';
import { ZonedInput } from '../../components/ZonedInput';
import { useKeyForm } from '../../components/useKeyForm';
import { entryBody, entryLabels, validateEntry, type Fields } from './warroomEntry';

/** A form open for one kind of entry; at and error are set when a sent entry came back refused. */
export type Compose = { kind: EntryKind; fields: Fields; at?: string | null; error?: string | null };

const titles: Partial<Record<EntryKind, string>> = {
  'node-status': 'Node status',
  'halt-check': 'Halt check',
  'rollback-started': 'Rollback started',
  'rollback-finished': 'Rollback finished',
  correction: 'Correct the selected entry',
  'change-approved': 'Approve an on-the-fly change',
  deviation: 'Deviation',
  'on-the-fly-change': 'On-the-fly change',
  note: 'Observer note',
};

/** One war-room entry being written: Enter logs it from any field, Esc cancels, nothing empty is logged. */
export function WarRoomCompose({
  compose,
  steps,
  pendingChanges,
  timeZone,
  onSubmit,
  onCancel,
}: {
  compose: Compose;
  steps: Array<{ id: string; title: string }>;
  pendingChanges: Array<{ entryId: string; text: string }>;
  timeZone: string;
  onSubmit: (fields: Fields, body: Record<string, unknown>, at: string | null) => Promise<void>;
  onCancel: () => void;
}) {
  const [fields, setFields] = useState(compose.fields);
  const [at, setAt] = useState<string | null>(compose.at ?? null);
  const set = (key: string, value: string) => setFields((f) => ({ ...f, [key]: value }));
  const { formProps, field, errorOf, formError, summary } = useKeyForm({
    validate: () => validateEntry(compose.kind, fields, at, Date.now(), timeZone),
    submit: () => onSubmit(fields, entryBody(compose.kind, fields), at),
    cancel: onCancel,
    labels: { ...entryLabels, body: 'Entry' },
    initialError: compose.error ?? null,
  });
  const breached = fields.observedPercent !== undefined && fields.observedPercent.trim() !== '' && Number(fields.observedPercent) > Number(fields.thresholdPercent);
  const input = (key: keyof typeof entryLabels, props: Record<string, unknown> = {}) => (
    <label className="compose-field">
      <span>{entryLabels[key]}</span>
      <input value={fields[key] ?? ''} onChange={(e) => set(key, e.target.value)} {...field(key)} {...props} />
      {errorOf(key)}
    </label>
  );
  const select = (key: keyof typeof entryLabels | 'void', label: string, options: ReadonlyArray<string | { value: string; label: string }>, props: Record<string, unknown> = {}) => (
    <label className="compose-field">
      <span>{label}</span>
      <select value={fields[key]} onChange={(e) => set(key, e.target.value)} {...field(key)} {...props}>
        {options.map((o) => {
          const { value, label: text } = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
      {errorOf(key)}
    </label>
  );
  return (
    <form className="compose panel" aria-label={`New ${compose.kind} entry`} {...formProps}>
      <strong>{titles[compose.kind] ?? compose.kind}</strong>
      {compose.kind === 'node-status' && (
        <>
          {input('node', { autoFocus: true })}
          {select('status', 'Status', nodeStatuses)}
        </>
      )}
      {compose.kind === 'halt-check' && (
        <>
          {input('label')}
          {input('batch')}
          {input('observedPercent', { autoFocus: true, inputMode: 'decimal' })}
          {input('thresholdPercent', { inputMode: 'decimal' })}
          {select('decision', 'Decision', [{ value: 'auto', label: 'from the numbers' }, 'continue', 'halt'])}
          {breached && (
            <span className="status-error" role="alert">
              Above the halt threshold
            </span>
          )}
        </>
      )}
      {compose.kind === 'rollback-started' && (
        <>
          {select('mode', 'Mode', ['manual', 'automatic'])}
          {input('reason', { autoFocus: true })}
        </>
      )}
      {compose.kind === 'rollback-finished' && (
        <>
          {select('outcome', 'Outcome', ['recovered', 'failed'])}
          {input('rtoTargetMinutes', { autoFocus: true, inputMode: 'numeric' })}
        </>
      )}
      {compose.kind === 'correction' && (
        <>
          <label className="compose-field">
            <span>What was wrong</span>
            <input value={fields.reason ?? ''} onChange={(e) => set('reason', e.target.value)} autoFocus {...field('reason')} />
            {errorOf('reason')}
          </label>
          {select('void', 'Void the entry', [{ value: 'false', label: 'no, keep it' }, { value: 'true', label: 'yes, void it' }])}
        </>
      )}
      {compose.kind === 'change-approved' && (
        <>
          {select('changeEntryId', 'Change to approve', pendingChanges.map((c) => ({ value: c.entryId, label: c.text })))}
          {input('approvedBy', { autoFocus: true })}
        </>
      )}
      {['deviation', 'on-the-fly-change', 'note'].includes(compose.kind) && (
        <label className="compose-field grow">
          <span>{entryLabels.text}</span>
          <textarea rows={1} className="grow-text" value={fields.text ?? ''} onChange={(e) => set('text', e.target.value)} autoFocus {...field('text')} />
          {errorOf('text')}
        </label>
      )}
      {compose.kind === 'deviation' && select('stepId', 'Runbook step', [{ value: '', label: 'none' }, ...steps.map((s) => ({ value: s.id, label: s.title }))])}
      {compose.kind !== 'correction' && compose.kind !== 'change-approved' && (
        <label className="compose-field">
          <span>When, in {timeZone} (empty: now)</span>
          <ZonedInput name="at" label={`When (${timeZone}; empty: now)`} value={at} timeZone={timeZone} onChange={setAt} invalid={Boolean(errorOf('at'))} />
          {errorOf('at')}
        </label>
      )}
      <button type="submit" className="primary small">
        Log it (Enter)
      </button>
      <button type="button" className="small" onClick={onCancel}>
        Cancel (Esc)
      </button>
      {summary}
      {formError}
    </form>
  );
}
