import type { Release } from '../../../shared/api/releases';
import type { WarRoomBoard } from '../../../shared/api/warroom';
import { formatVariance } from '../../../shared/time';
import type { ReportContext } from '../document';
import { GROUP, heading, keepHeadings, present, ReportClock, table, type Content } from '../layout';
import { groupHeading, sectionHeading } from './navigation';

// The war room of each release, as its log adds up: each runbook step planned against actual, the node
// status board at the end, deviations from the runbook, on-the-fly changes with their approval, halt
// checks against the threshold with the decision taken, and rollbacks against the recovery time objective.

const RED = '#b3261e';
const small = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 9, ...extra });
type Entry = WarRoomBoard['entries'][number];

export function warRoomSection(context: ReportContext): Content {
  const { data } = context;
  const parts: Content[] = [sectionHeading(context, 'warroom', 'War room')];
  if (data.releases.length === 0) return [...parts, { text: 'No release was recorded, so no war room was held.', style: 'muted' }];
  for (const release of data.releases) {
    const board = data.boards.get(release.id);
    const head = groupHeading(context, { id: `warroom-${release.id}`, title: `War room: ${release.identifier}`, parentId: 'warroom' });
    if (!board || board.entries.length === 0) parts.push(...keepHeadings([head, { text: 'No war-room entries were recorded for this release.', style: 'muted' }]));
    else parts.push(...keepHeadings([head, ...boardBlock(context, release, board)]));
  }
  return parts;
}

function boardBlock(context: ReportContext, release: Release, board: WarRoomBoard): Content[] {
  const clock = new ReportClock(release.timeZone);
  const live = board.entries.filter((e) => !e.voided && e.kind !== 'correction');
  const of = (kind: Entry['kind']) => live.filter((e) => e.kind === kind);
  const corrected = board.entries.filter((e) => e.kind === 'correction').length;
  const threshold = context.data.plan.haltThresholdPercent;
  const rto = context.data.plan.rtoTargetMinutes;
  const approvals = new Map(of('change-approved').map((e) => [String(e.body.changeEntryId), e]));
  const steps = new Map(release.runbook.map((s) => [s.id, s.title]));
  return keepHeadings([
    { text: `${live.length} entries in the log${corrected ? `, ${corrected} correction${corrected === 1 ? '' : 's'} applied` : ''}. Times are in ${release.timeZone}.`, style: 'muted', margin: [0, 0, 0, 2] },
    sub('Planned against actual'),
    board.steps.length === 0
      ? { text: 'The release has no runbook steps to compare.', style: 'muted' }
      : table(
          ['*', 118, 118, 62],
          ['Step', 'Planned', 'Actual', 'Variance'],
          board.steps.map((s) => [
            small(s.title),
            pair(clock, s.plannedStart, s.plannedEnd),
            pair(clock, s.actualStart, s.actualEnd, 'not started'),
            { stack: [small(`start ${formatVariance(s.startVarianceMinutes)}`), small(`end ${formatVariance(s.endVarianceMinutes)}`)] },
          ]),
        ),
    sub('Node status at the end'),
    board.nodes.length === 0
      ? { text: 'No node status was recorded.', style: 'muted' }
      : table(['*', 90, 130], ['Node', 'Status', 'Since'], board.nodes.map((n) => [small(n.node), small(n.status, n.status === 'failed' || n.status === 'rolled-back' ? { color: RED, bold: true } : {}), clock.at(n.at, { fontSize: 8 })])),
    sub('Deviations from the runbook'),
    of('deviation').length === 0
      ? { text: 'No deviation from the runbook was logged.', style: 'muted' }
      : table([130, '*'], ['Logged', 'Deviation'], of('deviation').map((e) => [at(clock, e), small(`${String(e.body.text)}${e.body.stepId ? ` (step: ${steps.get(String(e.body.stepId)) ?? 'unknown'})` : ''}`)])),
    sub('On-the-fly changes'),
    of('on-the-fly-change').length === 0
      ? { text: 'No on-the-fly change was made.', style: 'muted' }
      : table(
          [130, '*', 150],
          ['Logged', 'Change', 'Approval'],
          of('on-the-fly-change').map((e) => {
            const approval = approvals.get(e.id);
            return [
              at(clock, e),
              small(String(e.body.text)),
              approval ? { stack: [small(`Approved by ${String(approval.body.approvedBy)}`), clock.at(approval.at, { fontSize: 8 })] } : small('NOT APPROVED', { color: RED, bold: true }),
            ];
          }),
        ),
    sub('Halt checks'),
    of('halt-check').length === 0
      ? { text: `No halt check was logged${threshold !== null ? ` (the plan halts above ${threshold}%)` : ''}.`, style: 'muted' }
      : table(
          [130, '*', 60, 60, 90],
          ['Logged', 'Measured', 'Observed', 'Halt above', 'Decision'],
          of('halt-check').map((e) => {
            const breached = Number(e.body.observedPercent) > Number(e.body.thresholdPercent);
            const decision = String(e.body.decision);
            return [
              at(clock, e),
              small(`${String(e.body.label)}${e.body.batch ? `, batch ${String(e.body.batch)}` : ''}`),
              small(`${String(e.body.observedPercent)}%`, breached ? { color: RED, bold: true } : {}),
              small(`${String(e.body.thresholdPercent)}%`),
              small(breached ? (decision === 'halt' ? 'BREACH: halted' : 'BREACH: continued anyway') : decision, breached ? { color: RED, bold: true } : {}),
            ];
          }),
        ),
    sub('Rollbacks'),
    board.rollbacks.length === 0
      ? { text: 'No rollback was needed.', style: 'muted' }
      : table(
          [90, 118, 118, '*'],
          ['Mode', 'Started', 'Finished', 'Against the RTO'],
          board.rollbacks.map((r) => [
            { stack: present([small(r.mode), reasonOf(of('rollback-started'), r.startedAt)]) },
            clock.at(r.startedAt, { fontSize: 8 }),
            r.finishedAt ? clock.at(r.finishedAt, { fontSize: 8 }) : small('not finished', { color: RED }),
            small(
              r.minutes === null
                ? `still running${rto !== null ? `; RTO ${rto} min` : ''}`
                : `${r.minutes} min against an RTO of ${r.rtoTargetMinutes ?? rto ?? '—'} min: ${r.rtoMet ? 'met' : 'NOT MET'}${r.outcome ? `, ${r.outcome}` : ''}`,
              r.rtoMet === false ? { color: RED, bold: true } : {},
            ),
          ]),
        ),
    of('note').length ? sub('Notes') : '',
    of('note').length ? table([130, '*'], null, of('note').map((e) => [at(clock, e), small(`${e.actor}: ${String(e.body.text)}`)])) : '',
  ]);
}

/** Why a rollback was started: its reason, from the entry that started it. */
function reasonOf(started: Entry[], at: string): Content {
  const reason = String(started.find((e) => e.at === at)?.body.reason ?? '');
  return reason ? { text: reason, fontSize: 8, color: '#444444' } : '';
}

const sub = (text: string): Content => heading(text, GROUP, { fontSize: 10.5, margin: [0, 8, 0, 3] });
const at = (clock: ReportClock, e: Entry): Content => ({ stack: [clock.at(e.at, { fontSize: 8 }), { text: e.actor, fontSize: 8, color: '#555555' }] });

function pair(clock: ReportClock, start: string | null, end: string | null, none = '—'): Content {
  if (!start && !end) return small(none);
  return { stack: [start ? clock.at(start, { fontSize: 8 }) : small('—'), end ? clock.at(end, { fontSize: 8 }) : small('—')] };
}
