import type { Evidence } from '../../shared/api/evidence';
import type { Finding } from '../../shared/api/findings';
import { severities } from '../../shared/enums';
import type { ReportContext } from './document';
import { GROUP, heading, ITEM, present, SECTION, type Content } from './layout';
import { severityColours } from './sections';

// The findings: one line each in an executive summary; in full, with their five parts and evidence.

export type ShownFinding = Finding & { hidden: boolean; evidence: Evidence[] };

const WITHHELD = 'Withheld: confidential (external distribution).';

export function findingsSummary(findings: ShownFinding[]): Content {
  return present([
    heading('Key findings', SECTION),
    ...severities.flatMap((s) =>
      findings
        .filter((f) => f.severity === s)
        .map((f) => ({ text: [{ text: `[${s}] `, bold: true, color: severityColours[s] }, f.hidden ? WITHHELD : f.title, { text: ` — ${f.status}`, color: '#555555' }], margin: [0, 2, 0, 2] })),
    ),
    findings.length === 0 ? { text: 'No findings.', style: 'muted' } : '',
  ]);
}

export function findingsDetail(findings: ShownFinding[], context: ReportContext): Content {
  const parts: Content[] = [heading('Findings', SECTION)];
  for (const severity of severities) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    parts.push(heading(`${severity[0]?.toUpperCase()}${severity.slice(1)} (${group.length})`, GROUP, { color: severityColours[severity] }));
    for (const f of group) parts.push(f.hidden ? { text: `A ${severity} finding is withheld: it is confidential and this is the external distribution.`, italics: true, margin: [0, 4, 0, 8] } : finding(f, context));
  }
  if (findings.length === 0) parts.push({ text: 'No findings.', style: 'muted' });
  return parts;
}

function finding(f: ShownFinding, context: ReportContext): Content {
  const { clock } = context;
  return {
    stack: present([
      // Its title moves to the next page rather than stand alone at the foot of one.
      { text: f.title, bold: true, fontSize: 11, headlineLevel: ITEM },
      {
        text: [`Status: ${f.status} · Control: ${f.controlId || '—'} · Stage: ${f.stage || '—'} · Owner: ${[f.ownerRole, f.ownerName].filter(Boolean).join(', ') || '—'} · Due: `, clock.date(f.dueAt)],
        style: 'muted',
        margin: [0, 0, 0, 2],
      },
      f.repeatOf ? { text: `Repeat finding: the same control failed for the same root cause in ${f.repeatOf.auditName}${f.repeatCount > 1 ? ` (${f.repeatCount} earlier occurrences)` : ''}.`, color: '#b3261e', fontSize: 9 } : '',
      ...(['criteria', 'condition', 'cause', 'effect', 'recommendation'] as const).map((k) => ({ text: [{ text: `${k[0]?.toUpperCase()}${k.slice(1)}: `, style: 'label' }, f[k] || '—'], margin: [0, 2, 0, 0] })),
      ...f.evidence.map((e) => evidenceBlock(e, context)),
    ]),
    margin: [0, 6, 0, 12],
  };
}

/**
 * A piece of evidence with its caption and hash, then its thumbnail or excerpt. A thumbnail (at most
 * 140 points high) never leaves its caption; an excerpt may run over a page break, its caption kept
 * with its first lines (pdfmake drops whatever of an unbreakable block does not fit on one page).
 */
function evidenceBlock(e: Evidence, { options, clock }: ReportContext): Content {
  const image = options.images.get(e.id);
  const excerpt = options.excerpts.get(e.id);
  const caption = { text: [`Evidence: ${e.originalName} — captured `, clock.at(e.capturedAt), ` by ${e.capturedBy}`], fontSize: 9, margin: [0, 6, 0, 0] };
  const hash = { text: `SHA-256 ${e.sha256}`, style: 'mono' };
  if (image) return { unbreakable: true, stack: [caption, hash, { image, fit: [220, 140], margin: [0, 4, 0, 0] }] };
  return {
    stack: present([
      { ...caption, headlineLevel: ITEM },
      hash,
      excerpt ? { text: excerpt, style: 'mono', background: '#f3f4f6', margin: [0, 4, 0, 0] } : '',
    ]),
  };
}
