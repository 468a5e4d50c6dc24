import { conclusionRatingLabels } from '../../../shared/api/plans';
import { severities } from '../../../shared/enums';
import { formatDate } from '../../../shared/time';
import type { ReportContext } from '../document';
import { findingLabel } from '../findings-section';
import { keepHeadings, table, type Content } from '../layout';
import { countOf, coverageSentence, slots } from './checklist';
import { sectionHeading } from './navigation';

// What a CAB member reads first: the auditor's conclusion, the numbers that matter, and what the CAB
// must decide. Short by design: the detail is in the full report's sections.

const RED = '#b3261e';
const ratingColours = { satisfactory: '#1b6e2d', 'needs-improvement': '#c25e00', unsatisfactory: RED } as const;

export function conclusion(context: ReportContext): Content {
  const { conclusionRating: rating, conclusionText: text } = context.data.plan;
  return keepHeadings([
    sectionHeading(context, 'conclusion', 'Overall conclusion'),
    rating
      ? { text: conclusionRatingLabels[rating], bold: true, fontSize: 13, color: ratingColours[rating], margin: [0, 0, 0, 4] }
      : { text: 'Not rated yet: the audit cannot be finalised until its conclusion is written.', bold: true, color: RED, margin: [0, 0, 0, 4] },
    text.trim() ? { text, margin: [0, 0, 0, 4] } : { text: 'No conclusion paragraph has been written.', style: 'muted' },
  ]);
}

export function keyNumbers(context: ReportContext): Content {
  const { data, view } = context;
  const coverage = countOf(slots(data));
  const boards = [...data.boards.values()];
  const halts = boards.reduce((n, b) => n + b.haltBreaches.length, 0);
  const rollbacks = boards.flatMap((b) => b.rollbacks);
  const pending = boards.reduce((n, b) => n + b.pendingChanges.length, 0);
  const emergencies = data.releases.filter((r) => r.emergency);
  const bypassed = emergencies.flatMap((r) => r.bypassedControls);
  const criteria = data.plan.successCriteria;
  const rows: Array<[string, string]> = [
    ['Releases audited', `${data.releases.length}${emergencies.length ? `, of which ${emergencies.length} emergency` : ''}`],
    ['Findings', `${view.findings.length}: ${severities.map((s) => `${view.findings.filter((f) => f.severity === s).length} ${s}`).join(', ')}`],
    ['Checklist coverage', data.items.length ? coverageSentence(coverage) : 'No checklist pinned: nothing was assessed.'],
    ['War room', `${halts} halt threshold breach${halts === 1 ? '' : 'es'}, ${rollbacks.length} rollback${rollbacks.length === 1 ? '' : 's'} (${rollbacks.filter((r) => r.rtoMet === false).length} over the RTO), ${pending} on-the-fly change${pending === 1 ? '' : 's'} not approved`],
    ['Emergency controls', bypassed.length ? `${bypassed.length} bypassed, ${bypassed.filter((c) => !c.remediatedAt).length} not remediated` : 'None bypassed'],
    ['Success criteria', criteria.length ? `${criteria.filter((c) => c.met === 'met').length} of ${criteria.length} met, ${criteria.filter((c) => c.met === 'not-met').length} not met, ${criteria.filter((c) => c.met === 'not-judged').length} not judged` : 'None set'],
    ['Escalation', `${data.escalation.filter((e) => e.breached).length} of ${data.escalation.length} thresholds breached`],
  ];
  return keepHeadings([sectionHeading(context, 'numbers', 'Key numbers'), table([120, '*'], null, rows.map(([k, v]) => [{ text: k, style: 'label', fontSize: 9 }, { text: v, fontSize: 9 }]))]);
}

/** The decisions the audit puts before the Change Advisory Board, from what is still open. */
export function cabDecisions(context: ReportContext): Content {
  const { data, view } = context;
  const decisions: string[] = [];
  for (const f of view.findings.filter((x) => (x.severity === 'critical' || x.severity === 'major') && x.status !== 'closed' && x.status !== 'risk-accepted')) {
    const owner = f.hidden ? '' : [f.ownerRole, f.ownerName].filter(Boolean).join(', ');
    decisions.push(`${findingLabel(f)}: approve the remediation${owner ? ` by ${owner}` : ''}${f.dueAt ? `, due ${formatDate(f.dueAt)}` : ''}, or accept the risk.`);
  }
  for (const f of view.findings.filter((x) => x.status === 'risk-accepted')) decisions.push(`${findingLabel(f)}: ratify the risk accepted${f.hidden ? '' : ` by ${f.acceptedBy || 'its owner'}`}.`);
  for (const r of data.releases.filter((x) => x.emergency && !x.postFactoApprovedAt)) decisions.push(`Emergency release ${r.identifier}: approve or reject it after the fact.`);
  for (const r of data.releases) {
    const open = r.bypassedControls.filter((c) => !c.remediatedAt);
    if (open.length) decisions.push(`${r.identifier}: decide how the ${open.length} bypassed control${open.length === 1 ? ' is' : 's are'} remediated (${open.map((c) => c.itemKey).join(', ')}).`);
    const pending = data.boards.get(r.id)?.pendingChanges.length ?? 0;
    if (pending) decisions.push(`${r.identifier}: ratify or reverse ${pending} on-the-fly change${pending === 1 ? '' : 's'} made without approval.`);
  }
  const notAssessed = countOf(slots(data))['not-assessed'];
  if (notAssessed) decisions.push(`Accept that ${notAssessed} checklist item check${notAssessed === 1 ? ' was' : 's were'} not assessed, or ask for them before the releases are signed off.`);
  return keepHeadings([
    sectionHeading(context, 'cab', 'What the CAB must decide'),
    decisions.length === 0 ? { text: 'Nothing awaits a decision of the CAB.', style: 'muted' } : { ol: decisions.map((d) => ({ text: d, fontSize: 9.5, margin: [0, 1, 0, 1] })) },
  ]);
}
