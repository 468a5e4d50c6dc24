import type { Release } from '../../../shared/api/releases';
import { REMEDIATION_HOURS } from '../../releases/warnings';
import type { ReportContext } from '../document';
import { GROUP, heading, keepHeadings, present, ReportClock, table, type Content } from '../layout';
import { groupHeading, sectionHeading } from './navigation';

// Emergency releases: the justification, the approval after the fact against the pinned template's
// tolerated-deviation policy, each bypassed control with its remediation deadline and status, and the
// post-emergency review with its actions.

const RED = '#b3261e';
const HOUR = 3_600_000;
const small = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 9, ...extra });

export function emergencySection(context: ReportContext): Content {
  const emergencies = context.data.releases.filter((r) => r.emergency);
  const parts: Content[] = [sectionHeading(context, 'emergency', 'Emergency releases')];
  if (emergencies.length === 0) return [...parts, { text: 'No emergency release was recorded.', style: 'muted' }];
  for (const r of emergencies) parts.push(...emergencyBlock(context, r));
  return parts;
}

function emergencyBlock(context: ReportContext, r: Release): Content[] {
  const clock = new ReportClock(r.timeZone);
  const policy = context.data.emergencyPolicy;
  const hours = policy?.postFactoApprovalHours ?? null;
  const deadline = hours !== null && r.windowStart ? new Date(Date.parse(r.windowStart) + hours * HOUR).toISOString() : null;
  const approval: Content = r.postFactoApprovedAt
    ? {
        text: present([
          `Approved after the fact by ${r.postFactoApprovedBy || 'someone not recorded'} on `,
          clock.at(r.postFactoApprovedAt),
          deadline ? (r.postFactoApprovedAt > deadline ? { text: ': LATE against the policy, due by ', color: RED, bold: true } : ': within the policy, due by ') : '',
          deadline ? clock.at(deadline) : '',
          '.',
        ]),
      }
    : { text: present([{ text: 'NOT approved after the fact', color: RED, bold: true }, deadline ? '; due by ' : '', deadline ? clock.at(deadline) : '', '.']) };
  const review = r.emergencyReview;
  return keepHeadings([
    groupHeading(context, { id: `emergency-${r.id}`, title: `Emergency: ${r.identifier}`, parentId: 'emergency' }),
    sub('Justification'),
    r.emergencyJustification.trim() ? small(r.emergencyJustification) : small('MISSING: no justification was recorded.', { color: RED, bold: true }),
    sub('Approval after the fact'),
    {
      text: policy
        ? `Tolerated deviation "${policy.title}": ${policy.allows}${hours !== null ? ` A post-facto approval must follow within ${hours} hours of the window opening.` : ' It sets no approval deadline.'}`
        : 'The pinned checklist has no tolerated deviation for emergencies, so no approval deadline applies.',
      fontSize: 9,
      color: '#333333',
      margin: [0, 0, 0, 2],
    },
    { ...approval, fontSize: 9 },
    sub('Bypassed controls'),
    r.bypassedControls.length === 0
      ? { text: 'No control was recorded as bypassed.', style: 'muted' }
      : table(
          [70, 118, 118, '*'],
          ['Control', 'Bypassed', `Remediation due (${REMEDIATION_HOURS} h)`, 'Status'],
          r.bypassedControls.map((c) => {
            const due = new Date(Date.parse(c.bypassedAt) + REMEDIATION_HOURS * HOUR).toISOString();
            const status = c.remediatedAt
              ? { stack: [small(c.remediatedAt > due ? 'Remediated LATE' : 'Remediated', c.remediatedAt > due ? { color: RED, bold: true } : {}), clock.at(c.remediatedAt, { fontSize: 8 })] }
              : small(Date.now() > Date.parse(due) ? 'NOT remediated: overdue' : 'Not remediated yet', { color: RED, bold: true });
            return [
              { stack: present([small(c.itemKey, { bold: true }), c.note ? small(c.note, { fontSize: 8, color: '#444444' }) : '']) },
              clock.at(c.bypassedAt, { fontSize: 8 }),
              clock.at(due, { fontSize: 8 }),
              status,
            ];
          }),
        ),
    sub('Post-emergency review'),
    !review
      ? { text: 'No post-emergency review was recorded.', color: RED, fontSize: 9 }
      : present([
          { text: present([review.heldAt ? 'Held on ' : 'Not held yet', review.heldAt ? clock.at(review.heldAt) : '', '.']), fontSize: 9 },
          review.notes ? small(review.notes) : '',
          review.actions.length === 0
            ? { text: 'No actions were agreed.', style: 'muted' }
            : table(['*', 120, 50], ['Action', 'Owner', 'Done'], review.actions.map((a) => [small(a.text || '—'), small(a.owner || '—'), small(a.done ? 'done' : 'OPEN', a.done ? {} : { color: RED, bold: true })])),
        ]),
  ]);
}

const sub = (text: string): Content => heading(text, GROUP, { fontSize: 10.5, margin: [0, 8, 0, 3] });
