import type { RetroAction } from '../../../shared/api/retrospectives';
import { formatDate } from '../../../shared/time';
import type { ReportContext } from '../document';
import { GROUP, heading, keepHeadings, present, table, type Content } from '../layout';
import { groupHeading, sectionHeading } from './navigation';

// Retrospective and open actions: each retrospective of the cycle (who took part, what went well and
// badly, the findings fed into it), this cycle's action items, and the earlier cycles' actions still
// open, so a reader sees what the last audit asked for and whether it was done.

const RED = '#b3261e';
const small = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 9, ...extra });
const sub = (text: string): Content => heading(text, GROUP, { fontSize: 10, margin: [0, 6, 0, 2] });
const statusText = (status: RetroAction['status']) => (status === 'in-progress' ? 'in progress' : status);

export function retrospectivesSection(context: ReportContext): Content {
  const view = context.data.retrospective;
  const parts: Content[] = [sectionHeading(context, 'retrospectives', 'Retrospective and open actions')];
  if (!view) return [...parts, { text: 'Retrospectives were not gathered for this report.', style: 'muted' }];
  const releaseOf = (id: string | null) => context.data.releases.find((r) => r.id === id);
  if (view.retrospectives.length === 0) parts.push({ text: 'No retrospective was held in this cycle.', style: 'muted' });
  for (const retro of view.retrospectives) {
    const release = releaseOf(retro.releaseId);
    const refs = retro.findingIds.map((id) => context.view.refs.get(id)?.ref).filter((ref) => ref !== undefined);
    parts.push(
      ...keepHeadings([
        groupHeading(context, { id: `retro-${retro.id}`, title: retro.title, parentId: 'retrospectives', contents: false }),
        small(`${release ? `Release ${release.identifier}` : 'The audit cycle as a whole'}${retro.heldOn ? `, held on ${formatDate(retro.heldOn)}` : ''}.`, { margin: [0, 0, 0, 3] }),
        small(`Participants: ${retro.participants.length ? retro.participants.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join(', ') : 'none recorded'}.`),
        sub('What went well'),
        small(retro.wentWell || '—'),
        sub('What went badly'),
        small(retro.wentBadly || '—'),
        refs.length ? small(`Findings fed into it: ${refs.join(', ')}`, { margin: [0, 3, 0, 0] }) : '',
      ]),
    );
  }
  parts.push(
    ...keepHeadings(
      present([
        sub(`Action items of this cycle (${view.actions.length})`),
        view.actions.length === 0 ? { text: 'None.', style: 'muted' } : actionTable(view.actions.map((a) => ({ ...a, from: a.carriedFrom ? `carried over from ${a.carriedFrom.auditName}` : 'this cycle' }))),
      ]),
    ),
  );
  parts.push(
    ...keepHeadings(
      present([
        sub(`Open actions of earlier cycles not taken up here (${view.openEarlier.length})`),
        small(view.cycleRule, { italics: true, margin: [0, 0, 0, 3] }),
        view.openEarlier.length === 0 ? { text: 'None: every action of the earlier cycles is done, dropped or continued in this one.', style: 'muted' } : actionTable(view.openEarlier.map((a) => ({ ...a, from: a.auditName }))),
      ]),
    ),
  );
  return parts;
}

function actionTable(actions: Array<RetroAction & { from: string; overdue?: boolean }>): Content {
  return table(
    ['*', 70, 62, 70, 95],
    ['Action', 'Owner', 'Due', 'Status', 'Cycle'],
    actions.map((a) => {
      const open = a.status === 'open' || a.status === 'in-progress';
      return [
        small(a.text),
        small(a.owner || '—'),
        small(`${a.dueOn ? formatDate(a.dueOn) : '—'}${a.overdue ? ' (overdue)' : ''}`, a.overdue ? { color: RED, bold: true } : {}),
        small(`${statusText(a.status)}${a.status === 'dropped' && a.dropReason ? `: ${a.dropReason}` : ''}`, open ? { bold: true } : {}),
        small(a.from),
      ];
    }),
  );
}
