import type { MaturityAssessment, MaturityHistory } from '../../../shared/api/maturity';
import type { ReportContext } from '../document';
import { GROUP, heading, keepHeadings, table, type Content } from '../layout';
import { groupHeading, sectionHeading } from './navigation';

// Maturity: for each model the audit assessed, the level of each practice against the version it
// pinned, what stands between each practice and its next level, and the levels of earlier cycles.
// The auditor's notes and evidence names are internal: an external edition prints levels and gaps only.

const small = (text: string | Content[], extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 9, ...extra });

export function maturitySection(context: ReportContext): Content {
  const assessed = context.data.maturity ?? [];
  const parts: Content[] = [sectionHeading(context, 'maturity', 'Maturity')];
  if (assessed.length === 0) return [...parts, { text: 'The release process was not assessed against a maturity model in this audit.', style: 'muted' }];
  for (const { assessment, history } of assessed) parts.push(...modelBlock(context, assessment, history));
  return parts;
}

function modelBlock(context: ReportContext, a: MaturityAssessment, history: MaturityHistory): Content[] {
  const names = new Map(context.data.evidence.map((e) => [e.id, e.originalName]));
  const rule = `A practice is at the highest level whose criteria, and those of every level below it, were all judged met; level ${a.floor} is the floor, reached with nothing met. Judged against v${a.version.version} of the model${a.latestVersion > a.version.version ? ` (v${a.latestVersion} has been published since)` : ''}: ${a.counts.met} criteria met, ${a.counts.notMet} not met, ${a.counts.notAssessed} not assessed.`;
  return keepHeadings([
    groupHeading(context, { id: `maturity-${a.modelId}`, title: a.modelName, parentId: 'maturity' }),
    small(rule, { color: '#333333', margin: [0, 0, 0, 4] }),
    table(
      ['*', 70, 70, 90],
      ['Practice', 'Level', 'Next level', 'Criteria missing'],
      a.practices.map((p) => [small(p.name), small(`${p.level} ${p.levelTitle}`), small(p.nextLevel === null ? 'top of the scale' : String(p.nextLevel)), small(p.nextLevel === null ? '—' : String(p.gap.length))]),
    ),
    ...a.practices.flatMap((p) =>
      p.nextLevel === null
        ? []
        : [
            sub(`${p.name}: gap to level ${p.nextLevel}`),
            {
              ul: p.gap.map((c) => {
                const evidence = c.evidenceIds.map((id) => names.get(id)).filter(Boolean);
                const detail = context.external ? '' : `${c.note ? ` Note: ${c.note.replace(/[.\s]*$/, '.')}` : ''}${evidence.length ? ` Evidence: ${evidence.join(', ')}.` : ''}`;
                return small([{ text: `L${c.level} ${c.id}, ${c.status === 'not-met' ? 'not met' : 'not assessed'}: `, bold: true }, `${c.text}${detail}`]);
              }),
            },
          ],
    ),
    sub('Across audit cycles'),
    history.cycles.length < 2
      ? small('This is the first audit cycle assessed against this model.', { color: '#555555' })
      : table(
          [110, 64, ...history.practices.map(() => '*')],
          ['Audit', 'Period from', ...history.practices.map((p) => p.name)],
          history.cycles.map((c) => [small(`${c.auditName} (v${c.version})`), small(c.periodStart), ...history.practices.map((p) => small(c.levels[p.id] === null || c.levels[p.id] === undefined ? '—' : String(c.levels[p.id])))]),
        ),
  ]);
}

const sub = (text: string): Content => heading(text, GROUP, { fontSize: 10, margin: [0, 6, 0, 2] });
