import { severities } from '../../shared/enums';
import type { ReportContext } from './document';
import { severityColours } from './colours';
import type { ShownFinding } from './document';
import { findingLabel } from './findings-section';
import { present, table, type Content } from './layout';
import { countOf, coverageSentence, slots } from './sections/checklist';
import { sectionHeading } from './sections/navigation';

// The report's sections other than the findings and the sign-off. The cover carries the ledger heads
// with their devices (the sign-off adds the signed one), so no page is left holding only them.


/** The full report opens with a cover page; an executive summary with a title block on its first page. */
export function titlePage({ data, options, clock, classification }: ReportContext): Content {
  const full = options.kind === 'full';
  const facts: Array<[string, Content]> = [
    ['Report', options.reportId],
    ['Distribution', options.distribution === 'internal' ? 'Internal: everything, confidential findings included' : 'External: confidential findings, internal interviews and their evidence withheld'],
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

/** Counts per severity, each with its bar on the same row. */
export function results(context: ReportContext): Content {
  const { data } = context;
  const counts = severities.map((s) => ({ severity: s, n: data.findings.filter((f) => f.severity === s).length }));
  const max = Math.max(1, ...counts.map((c) => c.n));
  const barWidth = 260;
  return [
    sectionHeading(context, 'results', 'Results by severity'),
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
      text: data.items.length ? `Checklist: ${coverageSentence(countOf(slots(data)))}` : 'Checklist: no template version is pinned, so no item was assessed.',
      margin: [0, 8, 0, 0],
    },
  ];
}

export function escalation(context: ReportContext): Content {
  const { data } = context;
  if (data.escalation.length === 0) return '';
  const breached = data.escalation.filter((e) => e.breached);
  return present([
    sectionHeading(context, 'escalation', 'Escalation thresholds'),
    ...data.escalation.map((e) => ({ text: `${e.breached ? 'BREACHED — ' : ''}${e.sentence}${e.rule.note ? ` (${e.rule.note})` : ''}`, color: e.breached ? '#b3261e' : '#222222' })),
    breached.length === 0 ? { text: 'No threshold is breached.', style: 'muted' } : '',
  ]);
}

export function remediation(findings: ShownFinding[], context: ReportContext): Content {
  const { clock } = context;
  const open = findings.filter((f) => f.status !== 'closed');
  return [
    sectionHeading(context, 'remediation', 'Remediation plan'),
    open.length === 0
      ? { text: 'Nothing left to remediate.', style: 'muted' }
      : table(
          ['*', 150, 'auto', 'auto'],
          ['Finding', 'Owner', 'Due', 'Status'],
          open.map((f) => [
            findingLabel(f),
            f.hidden ? '—' : [f.ownerRole, f.ownerName].filter(Boolean).join(', ') || '—',
            clock.date(f.dueAt),
            { text: f.status, noWrap: true },
          ]),
        ),
  ];
}

export function amendmentsSection(context: ReportContext): Content {
  const { options, clock } = context;
  if (options.amendments.length === 0) return '';
  return [
    sectionHeading(context, 'amendments', 'Amendments after finalising'),
    ...options.amendments.map((a) => ({ text: [clock.at(a.at, { style: 'label' }), { text: ` — ${a.author}: `, style: 'label' }, a.text, { text: ` (why: ${a.reason})`, style: 'muted' }], margin: [0, 2, 0, 2] })),
  ];
}

/**
 * Every piece of evidence cited, by the id the text uses (E-1, …), with its SHA-256 under its name, what
 * cites it (findings by their ids) and when it was captured, whole on one line.
 */
export function appendix(context: ReportContext): Content {
  const { clock, view } = context;
  // Which findings cite each piece, worked out once (asked of every finding per piece, a 1,000-finding report spent seconds here).
  const supports = new Map<string, string[]>();
  for (const f of view.findings) if (!f.hidden) for (const id of new Set(f.evidence.map((e) => e.id))) supports.set(id, [...(supports.get(id) ?? []), f.ref]);
  const citedBy = (id: string) => supports.get(id) ?? [];
  return present([
    sectionHeading(context, 'appendix', 'Appendix: evidence cited'),
    view.cited.length === 0
      ? { text: 'No evidence is cited.', style: 'muted' }
      : table(
          ['*', 'auto'],
          ['Evidence', 'Captured'],
          view.cited.map((e) => {
            const by = citedBy(e.id);
            return [
              { stack: present([{ text: [{ text: `${view.evidenceRef(e)}  `, bold: true }, e.originalName] }, { text: `SHA-256 ${e.sha256}`, style: 'mono' }, by.length ? { text: `Supports ${by.join(', ')}`, fontSize: 8, color: '#444444' } : '']) },
              clock.at(e.capturedAt, { fontSize: 9 }),
            ];
          }),
        ),
    view.withheld ? { text: 'Confidential findings, interviews kept internal and their evidence are withheld from this distribution.', style: 'muted', margin: [0, 6, 0, 0] } : '',
  ]);
}

