import type { Evidence } from '../../shared/api/evidence';
import { severities } from '../../shared/enums';
import type { ReportContext, ShownFinding } from './document';
import { GROUP, heading, present, splitAfterSentence, type Content } from './layout';
import { severityColours } from './colours';
import { THUMBNAIL_BOX } from './images';
import { outlineEntry, sectionHeading } from './sections/navigation';

// The findings: one line each in an executive summary; in full, with their five parts and evidence.


/** Its bookmark under the findings section: a withheld finding keeps its id, never its title. */
function findingMarks(f: ShownFinding, context: ReportContext): Record<string, unknown> {
  return outlineEntry({ id: `finding-${f.ref}`, title: `${f.ref} ${f.title}`, parentId: 'findings', contents: false, ...(f.hidden ? { outlineText: `${f.ref} (${f.severity}, withheld)` } : {}) }, context);
}

/** How the text, the remediation plan and the appendix name a finding. */
export function findingLabel(f: ShownFinding): string {
  return f.hidden ? `${f.ref} (${f.severity} finding, withheld)` : `${f.ref} ${f.title}`;
}

const WITHHELD = 'Withheld: confidential (external distribution).';

/** The critical and major findings one line each; the others counted, as the full report has them. */
export function findingsSummary(findings: ShownFinding[], context: ReportContext): Content {
  const key = findings.filter((f) => f.severity === 'critical' || f.severity === 'major');
  const others = findings.length - key.length;
  return present([
    sectionHeading(context, 'findings', 'Key findings'),
    ...severities.flatMap((s) =>
      key
        .filter((f) => f.severity === s)
        .map((f) => ({ text: [{ text: `${f.ref} `, bold: true }, { text: `[${s}] `, bold: true, color: severityColours[s] }, f.hidden ? WITHHELD : f.title, { text: ` — ${f.status}`, color: '#555555' }], margin: [0, 2, 0, 2], ...findingMarks(f, context) })),
    ),
    findings.length === 0 ? { text: 'No findings.', style: 'muted' } : key.length === 0 ? { text: 'No critical or major findings.', style: 'muted' } : '',
    others > 0 ? { text: `${others} minor or informational finding${others === 1 ? '' : 's'} ${others === 1 ? 'is' : 'are'} in the full report.`, style: 'muted', margin: [0, 2, 0, 0] } : '',
  ]);
}

/**
 * How much of a long criteria goes down with the finding's title, in one unbreakable block: little
 * enough that the block always fits a page. The rest follows as its own paragraph and runs on over a
 * page break. (A title left to pdfmake's pageBreakBefore instead costs a new layout of the whole
 * document each time it moves: a 1,000-finding report was laid out dozens of times.)
 */
const HEAD_PART = 600;

export function findingsDetail(findings: ShownFinding[], context: ReportContext): Content {
  const parts: Content[] = [];
  // Headings not yet placed: each goes down with the head of the finding after it.
  let lead: Content[] = [sectionHeading(context, 'findings', 'Findings')];
  for (const severity of severities) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lead.push(heading(`${severity[0]?.toUpperCase()}${severity.slice(1)} (${group.length})`, GROUP, { color: severityColours[severity] }));
    for (const f of group) {
      parts.push(...withLead(lead, f.hidden ? { head: [{ text: `A ${severity} finding is withheld (${f.ref}): it is confidential and this is the external distribution.`, italics: true, margin: [0, 4, 0, 8], ...findingMarks(f, context) }], rest: [] } : finding(f, context)));
      lead = [];
    }
  }
  if (findings.length === 0) parts.push(...lead, { text: 'No findings.', style: 'muted' });
  return parts;
}

interface Block {
  /** Short enough to be sure it fits a page: laid out as one unbreakable block (pdfmake drops what of one does not fit). */
  head: Content[];
  rest: Content[];
}

/** The head goes down whole with the headings before it, in one unbreakable block, which costs pdfmake no second layout. */
function withLead(lead: Content[], { head, rest }: Block): Content[] {
  const plain = (c: Content) => (typeof c === 'object' && !Array.isArray(c) ? { ...c, headlineLevel: undefined } : c);
  return [{ unbreakable: true, stack: [...lead.map(plain), ...head.map(plain)] }, ...rest];
}

function finding(f: ShownFinding, context: ReportContext): Block {
  const { clock } = context;
  const [criteria, more] = splitAfterSentence(f.criteria, HEAD_PART);
  const [first, ...others] = (['criteria', 'condition', 'cause', 'effect', 'recommendation'] as const).map((k) => ({
    text: [{ text: `${k[0]?.toUpperCase()}${k.slice(1)}: `, style: 'label' }, (k === 'criteria' ? criteria : f[k]) || '—'],
    margin: [0, 2, 0, 0],
  }));
  const head = present([
    { text: `${f.ref} ${f.title}`, bold: true, fontSize: 11, margin: [0, 14, 0, 0], ...findingMarks(f, context) },
    {
      text: [`Status: ${f.status} · Control: ${f.controlId || '—'} · Stage: ${f.stage || '—'} · Owner: ${[f.ownerRole, f.ownerName].filter(Boolean).join(', ') || '—'} · Due: `, clock.date(f.dueAt)],
      style: 'muted',
      margin: [0, 0, 0, 2],
    },
    f.repeatOf ? { text: `Repeat finding: the same control failed for the same root cause in ${f.repeatOf.auditName}${f.repeatCount > 1 ? ` (${f.repeatCount} earlier occurrences)` : ''}.`, color: '#b3261e', fontSize: 9 } : '',
    first ?? '',
  ]);
  const rest = [...(more ? [{ text: more, margin: [0, 2, 0, 0] }] : []), ...others, ...f.evidence.flatMap((e) => evidenceBlock(e, context))];
  return { head, rest };
}

/**
 * A piece of evidence: its caption and hash kept with its thumbnail (at most 140 points high) or with
 * the first lines of its excerpt; the rest of a long excerpt runs on over the page break.
 */
function evidenceBlock(e: Evidence, { options, clock }: ReportContext): Content[] {
  const image = options.images.get(e.id);
  const excerpt = options.excerpts.get(e.id);
  const caption = { text: [`Evidence: ${e.originalName} — captured `, clock.at(e.capturedAt), ` by ${e.capturedBy}`], fontSize: 9, margin: [0, 6, 0, 0] };
  const hash = { text: `SHA-256 ${e.sha256}`, style: 'mono' };
  // By name: the image itself is in the document's dictionary once, however often it is cited.
  if (image) return [{ unbreakable: true, stack: [caption, hash, { image: image.name, fit: THUMBNAIL_BOX, margin: [0, 4, 0, 0] }] }];
  // The excerpt is at most 2,000 characters, so its first four lines always fit a page.
  const lines = (excerpt ?? '').split('\n');
  const shown = (text: string, top: number) => ({ text, style: 'mono', background: '#f3f4f6', margin: [0, top, 0, 0] });
  return present([
    { unbreakable: true, stack: present([caption, hash, excerpt ? shown(lines.slice(0, 4).join('\n'), 4) : '']) },
    lines.length > 4 ? shown(lines.slice(4).join('\n'), 0) : '',
  ]);
}
