import type { Severity } from '../../shared/enums';

// When remediation is due, by severity, unless the owner agrees another date. A control bypassed in
// an emergency release is due within 72 hours, whatever its severity.

export const remediationDays: Record<Severity, number | null> = { critical: 7, major: 30, minor: 90, informational: null };
export const BYPASSED_CONTROL_HOURS = 72;

export function defaultDueDate(severity: Severity, raisedAt: string, options: { bypassedControl?: boolean } = {}): string | null {
  const start = Date.parse(raisedAt);
  // Due dates are calendar days: the 72 hours end on the last day that lies wholly inside them,
  // so a finding is overdue before the 72 hours are up, never after.
  if (options.bypassedControl) return new Date(start + BYPASSED_CONTROL_HOURS * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
  const days = remediationDays[severity];
  return days === null ? null : new Date(start + days * 86_400_000).toISOString().slice(0, 10);
}
