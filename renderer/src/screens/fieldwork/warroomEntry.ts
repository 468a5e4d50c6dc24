import { entryFieldLabels, type EntryKind } from '../../../../shared/api/warroom';
import { formatClockInZone } from '../../../../shared/time';
import type { FieldErrors } from '../../components/useKeyForm';

// What each war-room form asks, what it refuses before anything reaches the append-only log, and
// the entry body it sends. Values are the strings the form holds; times are UTC or empty (now).

export type Fields = Record<string, string>;

/** The labels the forms show, which every message uses to name a field. */
export const entryLabels = { ...entryFieldLabels, at: 'When' } as const;

export function entryDefaults(kind: EntryKind, policy: { halt: number | null; rto: number | null }): Fields {
  switch (kind) {
    case 'node-status':
      return { node: '', status: 'in-progress' };
    case 'halt-check':
      // The audit's own halt threshold (Plan); the decision follows the numbers unless the auditor changes it.
      return { label: 'Error rate', batch: 'first batch', observedPercent: '', thresholdPercent: String(policy.halt ?? 5), decision: 'auto' };
    case 'deviation':
      return { text: '', stepId: '' };
    case 'rollback-started':
      return { mode: 'manual', reason: '' };
    case 'rollback-finished':
      return { outcome: 'recovered', rtoTargetMinutes: String(policy.rto ?? 30) };
    case 'change-approved':
      return { changeEntryId: '', approvedBy: '' };
    case 'correction':
      return { correctsId: '', reason: '', void: 'false' };
    default:
      return { text: '' };
  }
}

const percent = (value: string | undefined, label: string): string | null => {
  if (value === undefined || value.trim() === '') return `${label} is empty: type the number you see.`;
  const n = Number(value);
  if (!Number.isFinite(n)) return `${label} must be a number, such as 2 or 0.5.`;
  if (n < 0 || n > 100) return `${label} must be between 0 and 100.`;
  return null;
};

/** Plain-word problems of a form, by field; an empty result means it may be logged. */
export function validateEntry(kind: EntryKind, fields: Fields, at: string | null, now: number, timeZone: string): FieldErrors {
  const errors: FieldErrors = {};
  const need = (key: keyof typeof entryLabels, what: string) => {
    if (!(fields[key] ?? '').trim()) errors[key] = `${entryLabels[key]} is empty: ${what}.`;
  };
  if (kind === 'node-status') need('node', 'name the node or service');
  if (kind === 'halt-check') {
    need('label', 'say what was measured');
    const observed = percent(fields.observedPercent, entryLabels.observedPercent);
    if (observed) errors.observedPercent = observed;
    const threshold = percent(fields.thresholdPercent, entryLabels.thresholdPercent);
    if (threshold) errors.thresholdPercent = threshold;
  }
  if (kind === 'rollback-finished') {
    const rto = fields.rtoTargetMinutes ?? '';
    if (!/^\d+$/.test(rto.trim()) || Number(rto) < 1) errors.rtoTargetMinutes = `${entryLabels.rtoTargetMinutes} must be a whole number of minutes, 1 or more.`;
  }
  if (kind === 'correction') need('reason', 'say what was wrong with the entry');
  if (kind === 'change-approved') {
    need('changeEntryId', 'choose the change');
    need('approvedBy', 'name who approved it');
  }
  if (kind === 'deviation' || kind === 'on-the-fly-change' || kind === 'note') need('text', 'write what happened');
  // The server allows five minutes of clock drift; the form refuses what is plainly still to come.
  if (at && Date.parse(at) > now + 60_000) {
    errors.at = `${formatClockInZone(at, timeZone)} ${timeZone} has not come yet (it is ${formatClockInZone(new Date(now).toISOString(), timeZone)} there now).`;
  }
  return errors;
}

export function entryBody(kind: EntryKind, fields: Fields): Record<string, unknown> {
  switch (kind) {
    case 'halt-check': {
      const observed = Number(fields.observedPercent);
      const threshold = Number(fields.thresholdPercent);
      const decision = fields.decision === 'auto' ? (observed > threshold ? 'halt' : 'continue') : fields.decision;
      return { label: fields.label?.trim(), batch: fields.batch?.trim() ?? '', observedPercent: observed, thresholdPercent: threshold, decision };
    }
    case 'node-status':
      return { node: fields.node?.trim(), status: fields.status };
    case 'deviation':
      return { text: fields.text, stepId: fields.stepId || null };
    case 'rollback-started':
      return { mode: fields.mode, reason: fields.reason ?? '' };
    case 'rollback-finished':
      return { outcome: fields.outcome, rtoTargetMinutes: Number(fields.rtoTargetMinutes) };
    case 'correction':
      return { correctsId: fields.correctsId, reason: fields.reason, void: fields.void === 'true' };
    case 'change-approved':
      return { changeEntryId: fields.changeEntryId, approvedBy: fields.approvedBy?.trim() };
    default:
      return { text: fields.text };
  }
}

export function describeEntry(kind: string, body: Record<string, unknown>, steps: Map<string, string>): string {
  switch (kind) {
    case 'step-started':
      return `Started: ${steps.get(String(body.stepId)) ?? 'step'}`;
    case 'step-finished':
      return `Finished: ${steps.get(String(body.stepId)) ?? 'step'}`;
    case 'node-status':
      return `${body.node}: ${body.status}`;
    case 'halt-check':
      return `${body.label}${body.batch ? ` (${body.batch})` : ''}: ${body.observedPercent}% against ${body.thresholdPercent}% → ${body.decision}`;
    case 'rollback-started':
      return `Rollback started (${body.mode})${body.reason ? `: ${body.reason}` : ''}`;
    case 'rollback-finished':
      return `Rollback finished: ${body.outcome}, RTO ${body.rtoTargetMinutes} min`;
    case 'change-approved':
      return `On-the-fly change approved by ${body.approvedBy}`;
    case 'correction':
      return `Correction${body.void ? ' (voids the entry)' : ''}: ${body.reason}`;
    default:
      return String(body.text ?? '');
  }
}
