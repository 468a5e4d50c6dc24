import type { Evidence } from '../../shared/api/evidence';
import { severities, type Severity } from '../../shared/enums';
import type { ReportData } from './data';
import type { ReportContext, ShownFinding } from './document';
import { heading, present, SECTION, table, type Content } from './layout';

// The report's sections other than the findings and the sign-off. The cover carries the ledger heads
// with their devices (the sign-off adds the signed one), so no page is left holding only them.

export const severityColours: Record<Severity, string> = { critical: '#b3261e', major: '#c25e00', minor: '#8a6d00', informational: '#1d5fd0' };

/** The full report opens with a cover page; an executive summary with a title block on its first page. */
export function titlePage({ data, options, clock, classification }: ReportContext): Content {
  const full = options.kind === 'full';
  const facts: Array<[string, Content]> = [
    ['Report', options.reportId],
    ['Distribution', options.distribution === 'internal' ? 'Internal: everything, confidential findings included' : 'External: confidential findings and their evidence withheld'],
    ['Audit status', data.audit.finalisedAt ? [data.audit.status, ' (', clock.at(data.audit.finalisedAt), ')'] : data.audit.status],
    ['Checklist', data.audit.pinnedTemplate ? `${data.audit.pinnedTemplate.name} v${data.audit.pinnedTemplate.version}` : 'none pinned'],
    ['Generated', [clock.at(options.generatedAt), ` by ${options.generatedBy}`]],
    ['Times', `Every time in this report is shown in ${clock.timeZone}.`],
    ['Ledger head', data.ledgerHeads.length ? data.ledgerHeads.flatMap((h, i) => [i ? '\n' : '', `#${h.seq} ${h.hash}\n`, { text: `device ${h.deviceId}`, color: '#555555' }]) : 'empty'],
  ];
  return [
    { text: classification, color: '#b3261e', bold: true, margin: [0, full ? 40 : 0, 0, full ? 24 : 10] },
    { text: full ? 'Release audit report' : 'Release audit — executive summary', style: 'h1', fontSize: full ? 26 : 22, margin: [0, 0, 0, full ? 12 : 4] },
    { text: data.audit.name, fontSize: 16, margin: [0, 0, 0, full ? 24 : 12] },
    table([full ? 140 : 110, '*'], null, facts.map(([k, v]) => [{ text: k, style: 'label' }, { text: v, fontSize: 9 }])),
    full ? { text: '', pageBreak: 'after' } : '',
  ];
}

export function scope({ data, options, clock }: ReportContext): Content {
  const p = data.plan;
  const list = (items: string[]) => (items.length ? items.join(', ') : '—');
  return present([
    heading('Scope and methodology', SECTION),
    { text: p.objective || 'No objective was written in the plan.', margin: [0, 0, 0, 8] },
    table([150, '*'], null, [
      ['Scope', p.scopeMode === 'high-risk' ? `High-risk, production-critical deployments only. Criteria: ${p.riskCriteria || '—'}` : 'Every release in the period'],
      ['Environments in / out', `${list(p.environmentsIn)} / ${list(p.environmentsOut)}${p.preProductionIncluded ? ' (pre-production included)' : ''}`],
      ['Announced', p.announced ? 'Announced' : 'Unannounced'],
      ['Schedule', { text: [clock.date(p.scheduleStart), ' to ', clock.date(p.scheduleEnd)] }],
      ['Regulatory drivers', p.regulatoryDrivers.map((d) => d.name).join('; ') || '—'],
      // Each release whole on its line: an identifier never breaks at one of its hyphens.
      ['Releases audited', data.releases.length ? { text: data.releases.flatMap((r, i) => [i ? ', ' : '', { text: `${r.identifier}${r.emergency ? ' (emergency)' : ''}`, noWrap: true }]) } : '—'],
    ].map(([k, v]) => [{ text: k as string, style: 'label' }, v as Content])),
    options.kind === 'full'
      ? {
          text:
            'Method: each control of the pinned checklist was tested against each release in scope (inspection of change records, re-performance and observation during the deployment window). ' +
            'Evidence was captured into a content-addressed vault (SHA-256) with a custody log; every change to the audit record is in a hash-chained ledger whose head is printed on the cover.',
          margin: [0, 10, 0, 0],
        }
      : '',
  ]);
}

/** Counts per severity, each with its bar on the same row. */
export function results(data: ReportData): Content {
  const counts = severities.map((s) => ({ severity: s, n: data.findings.filter((f) => f.severity === s).length }));
  const max = Math.max(1, ...counts.map((c) => c.n));
  const barWidth = 260;
  return [
    heading('Results by severity', SECTION),
    table(
      [90, 50, '*'],
      ['Severity', 'Findings', ''],
      counts.map((c) => [
        c.severity,
        { text: String(c.n), alignment: 'right' },
        { canvas: [{ type: 'rect', x: 0, y: 2, w: c.n === 0 ? 1 : Math.max(2, (c.n / max) * barWidth), h: 9, color: severityColours[c.severity] }] },
      ]),
    ),
    {
      text: `Checklist results: ${data.checklist.pass} passed, ${data.checklist.fail} failed, ${data.checklist.notApplicable} not applicable, ${data.checklist.notTested} not tested.`,
      margin: [0, 8, 0, 0],
    },
  ];
}

export function escalation(data: ReportData): Content {
  if (data.escalation.length === 0) return '';
  const breached = data.escalation.filter((e) => e.breached);
  return present([
    heading('Escalation thresholds', SECTION),
    ...data.escalation.map((e) => ({ text: `${e.breached ? 'BREACHED — ' : ''}${e.sentence}${e.rule.note ? ` (${e.rule.note})` : ''}`, color: e.breached ? '#b3261e' : '#222222' })),
    breached.length === 0 ? { text: 'No threshold is breached.', style: 'muted' } : '',
  ]);
}

export function remediation(findings: ShownFinding[], { clock }: ReportContext): Content {
  const open = findings.filter((f) => f.status !== 'closed');
  return [
    heading('Remediation plan', SECTION),
    open.length === 0
      ? { text: 'Nothing left to remediate.', style: 'muted' }
      : table(
          ['*', 150, 'auto', 'auto'],
          ['Finding', 'Owner', 'Due', 'Status'],
          open.map((f) => [
            f.hidden ? `${f.severity} finding (withheld)` : f.title,
            f.hidden ? '—' : [f.ownerRole, f.ownerName].filter(Boolean).join(', ') || '—',
            clock.date(f.dueAt),
            { text: f.status, noWrap: true },
          ]),
        ),
  ];
}

export function amendmentsSection({ options, clock }: ReportContext): Content {
  if (options.amendments.length === 0) return '';
  return [
    heading('Amendments after finalising', SECTION),
    ...options.amendments.map((a) => ({ text: [clock.at(a.at, { style: 'label' }), { text: ` — ${a.author}: `, style: 'label' }, a.text, { text: ` (why: ${a.reason})`, style: 'muted' }], margin: [0, 2, 0, 2] })),
  ];
}

/** Every piece of evidence cited, with its SHA-256 under its name and when it was captured, whole on one line. */
export function appendix(cited: Evidence[], { clock }: ReportContext, withheld: boolean): Content {
  return present([
    heading('Appendix: evidence cited', SECTION),
    cited.length === 0
      ? { text: 'No evidence is cited.', style: 'muted' }
      : table(
          ['*', 'auto'],
          ['Evidence', 'Captured'],
          cited.map((e) => [{ stack: [e.originalName, { text: `SHA-256 ${e.sha256}`, style: 'mono' }] }, clock.at(e.capturedAt, { fontSize: 9 })]),
        ),
    withheld ? { text: 'Evidence of confidential findings is withheld from this distribution.', style: 'muted', margin: [0, 6, 0, 0] } : '',
  ]);
}
