import { trainingRoleLabels } from '../../../shared/api/training';
import { formatDate } from '../../../shared/time';
import type { ReportContext } from '../document';
import { keepHeadings, present, table, type Content } from '../layout';
import { groupHeading, sectionHeading } from './navigation';

// Training needs: per role, the findings that showed a need for training, with the plan's status and
// date. A finding withheld from this edition is named only as withheld.

const small = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 9, ...extra });

export function trainingSection(context: ReportContext): Content {
  const plan = context.data.training;
  const parts: Content[] = [sectionHeading(context, 'training', 'Training needs')];
  if (!plan || plan.roles.length === 0) return [...parts, { text: 'No finding of this audit was tagged with a training need.', style: 'muted' }];
  for (const group of plan.roles) {
    parts.push(
      ...keepHeadings(
        present([
          groupHeading(context, { id: `training-${group.role}`, title: `${trainingRoleLabels[group.role]} (${group.needs.length})`, parentId: 'training', contents: false }),
          table(
            [60, '*', 62, 62],
            ['Finding', 'Training need', 'Status', 'Date'],
            group.needs.map((need) => {
              const shown = context.view.refs.get(need.findingId);
              const withheld = !shown || shown.hidden;
              return [
                small(withheld ? 'withheld' : shown.ref),
                small(withheld ? need.note || '—' : `${need.findingTitle}${need.note ? `: ${need.note}` : ''}`),
                small(need.status),
                small(need.plannedOn ? formatDate(need.plannedOn) : '—'),
              ];
            }),
          ),
        ]),
      ),
    );
  }
  return parts;
}
