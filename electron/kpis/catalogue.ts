import type { KpiDefinition } from '../../shared/api/kpis';

// Every KPI of the release process, each with its definition in plain words: what is counted above
// the line, what below it, and which month a figure belongs to. The figures themselves are worked out
// in figures.ts and added up per scope and period in summary.ts.

/** When a release's figures happened: its deployment window, else when it was recorded. */
const releaseMonth = 'A release counts in the month its deployment window starts (its creation month when it has no window).';
const findingMonth = 'A finding counts in the month it was raised.';

export const kpiCatalogue: KpiDefinition[] = [
  {
    id: 'control-failure-rate',
    title: 'Control failure rate',
    definition: `Checklist items judged "fail" / items assessed (pass or fail; not applicable and not tested are left out). Broken down by the stage of the template item and by each framework its control maps to in the control library (a control mapped to two frameworks counts in both). An item of a release counts in the release's month, an item of no release in the month it was recorded.`,
    unit: 'percent',
    better: 'lower',
  },
  {
    id: 'documentation-completeness',
    title: 'Documentation completeness',
    definition: `Documents present / (releases × 6). The six per release: an RFC (a change ticket linked), approved before the window (a ticket approved at or before the window's start; a release without a window cannot show it), a backout plan, a risk assessment, a signed runbook (signer and time), and a test sign-off (the latest QA sign-off of an imported test report accepts it). Each document is also shown alone: releases having it / releases. ${releaseMonth}`,
    unit: 'percent',
    better: 'higher',
  },
  {
    id: 'emergency-frequency',
    title: 'Emergency releases',
    definition: `The number of releases marked emergency (the share below rests on the same releases). ${releaseMonth}`,
    unit: 'count',
    better: 'lower',
  },
  {
    id: 'emergency-share',
    title: 'Emergency-release share',
    definition: `Releases marked emergency / releases, also per system. ${releaseMonth}`,
    unit: 'percent',
    better: 'lower',
  },
  {
    id: 'post-facto-approval',
    title: 'Emergency releases approved after the fact',
    definition: `Emergency releases with a post-facto approval (who and when both recorded) / emergency releases. ${releaseMonth}`,
    unit: 'percent',
    better: 'higher',
  },
  {
    id: 'on-the-fly-approved',
    title: 'On-the-fly changes approved after the fact',
    definition: `On-the-fly changes logged in the war room that a later "change approved" entry approves / on-the-fly changes logged (voided entries left out). ${releaseMonth}`,
    unit: 'percent',
    better: 'higher',
  },
  {
    id: 'halt-breaches',
    title: 'Halt-threshold breaches',
    definition: `War-room halt checks whose observed error rate is above the halt threshold / halt checks logged. The threshold is the plan's halt threshold when the plan sets one, else the one written in the check. ${releaseMonth}`,
    unit: 'percent',
    better: 'lower',
  },
  {
    id: 'rollback-success',
    title: 'Rollback success',
    definition: `Rollbacks finished with the outcome "recovered" / rollbacks finished (a rollback started and not finished is not counted). ${releaseMonth}`,
    unit: 'percent',
    better: 'higher',
  },
  {
    id: 'rto-met',
    title: 'Recovery time objective met',
    definition: `Finished rollbacks that recovered within their recovery time objective (the RTO written on the "rollback finished" entry, which the plan's RTO fills in; exact duration from start to finish) / rollbacks finished. ${releaseMonth}`,
    unit: 'percent',
    better: 'higher',
  },
  {
    id: 'repeat-finding-rate',
    title: 'Repeat-finding rate',
    definition: `Raised findings (every status but draft) that repeat a finding of an earlier audit (same control, same root cause, as the findings list marks them) / raised findings. By team: the finding's owner (name, else role). ${findingMonth}`,
    unit: 'percent',
    better: 'lower',
  },
  {
    id: 'remediation-on-time',
    title: 'Remediation on time',
    definition: `Closed findings closed on or before their due date / closed findings that had a due date, by severity. A closed finding can no longer be edited, so its last change is when it was closed. Risk-accepted findings are left out. ${findingMonth}`,
    unit: 'percent',
    better: 'higher',
  },
  {
    id: 'overdue-findings',
    title: 'Overdue findings',
    definition: `Raised findings still open (not closed nor risk-accepted) whose due date has passed (today, UTC) / open raised findings with a due date, by severity. ${findingMonth}`,
    unit: 'percent',
    better: 'lower',
  },
  {
    id: 'late-approvals',
    title: 'Late approvals',
    definition: `Approved change tickets whose approval came after their release's window started / approved tickets of releases with a window. ${releaseMonth}`,
    unit: 'percent',
    better: 'lower',
  },
];

export const kpiById = new Map(kpiCatalogue.map((k) => [k.id, k]));

/** A share in percent with one decimal, or null when there is nothing to share out. */
export function percentOf(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10;
}

/** How each breakdown part of a KPI is named in tables and legends. */
export function partLabel(part: string): string {
  const [kind, value = ''] = part.split(':', 2);
  const documents: Record<string, string> = {
    rfc: 'RFC linked',
    'approved-before-window': 'Approved before the window',
    'backout-plan': 'Backout plan',
    'risk-assessment': 'Risk assessment',
    'signed-runbook': 'Signed runbook',
    'test-sign-off': 'Test sign-off',
  };
  if (kind === 'doc') return documents[value] ?? value;
  if (kind === 'stage') return `Stage: ${value}`;
  if (kind === 'framework') return `Framework: ${value}`;
  if (kind === 'severity') return `Severity: ${value}`;
  if (kind === 'system') return `System: ${value}`;
  return part;
}
