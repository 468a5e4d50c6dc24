import type { ReportData } from '../data';
import type { ReportContext } from '../document';
import { GROUP, heading, keepHeadings, present, ReportClock, type Content } from '../layout';
import { groupHeading, sectionHeading } from './navigation';

// Interviews: who, role, when, consent, what was answered, undocumented steps found (tribal knowledge),
// follow-ups and the notes taken. Interviews are internal: an external edition carries only those the
// auditor marked shareable, and says how many it leaves out.

type Interview = ReportData['interviews'][number];
const small = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 9, ...extra });

export function interviewsSection(context: ReportContext): Content {
  const { data, view } = context;
  const parts: Content[] = [sectionHeading(context, 'interviews', 'Interviews')];
  if (data.interviews.length === 0 && !context.external) return [...parts, { text: 'No interviews were planned or held.', style: 'muted' }];
  const shown = data.interviews.filter((i) => view.interviewShown(i));
  // The external edition's data holds only the shareable interviews already (edition.ts); it says so.
  // The note is kept with the heading and the first interview, like a heading (never alone at a page's foot).
  if (context.external) parts.push({ text: 'Interviews are internal: this distribution includes only those the auditor marked shareable.', italics: true, fontSize: 9, margin: [0, 0, 0, 4], headlineLevel: GROUP });
  for (const interview of shown) parts.push(...interviewBlock(context, interview));
  return parts;
}

function interviewBlock(context: ReportContext, i: Interview): Content[] {
  const release = context.data.releases.find((r) => r.id === i.releaseId);
  const clock = release ? new ReportClock(release.timeZone) : context.clock;
  const when = i.heldAt ? ['held ', clock.at(i.heldAt)] : i.scheduledAt ? ['planned for ', clock.at(i.scheduledAt)] : [i.status];
  const corrected = new Set(i.noteLog.map((n) => n.correctsId).filter(Boolean));
  const notes = i.noteLog.filter((n) => !corrected.has(n.id));
  const findings = i.findingIds.map((id) => context.view.refs.get(id)).filter((f) => f !== undefined);
  return keepHeadings([
    groupHeading(context, { id: `interview-${i.id}`, title: `${i.interviewee}${i.role ? `, ${i.role}` : ''}`, parentId: 'interviews', contents: false }),
    {
      text: present([
        `${i.team ? `${i.team}. ` : ''}Interviewed by ${i.interviewer || '—'}, `,
        ...when,
        `${release ? ` (release ${release.identifier})` : ''}. Consent to take notes: ${i.consent ? 'given' : 'NOT given'}.`,
        i.shareable ? ' Marked shareable.' : ' Internal only.',
      ]),
      fontSize: 9,
      margin: [0, 0, 0, 3],
    },
    i.questions.length ? sub('Answers') : '',
    ...i.questions.map((q) => ({ text: [{ text: `${q.text} `, bold: true }, q.answer || '(no answer recorded)'], fontSize: 9, margin: [0, 1, 0, 1] })),
    sub('Tribal knowledge: undocumented steps found'),
    i.tribalKnowledge.length ? { ul: i.tribalKnowledge.map((t) => small(t.text)) } : { text: 'None found.', style: 'muted' },
    sub('Follow-ups'),
    i.followUps.length ? { ul: i.followUps.map((f) => small(`${f.text}${f.owner ? ` (${f.owner})` : ''}: ${f.done ? 'done' : 'open'}`)) } : { text: 'None.', style: 'muted' },
    notes.length ? sub('Notes') : '',
    ...notes.map((n) => ({ text: [{ text: `${n.author}, `, color: '#555555' }, clock.at(n.createdAt, { color: '#555555' }), ': ', n.text, n.correctsId ? { text: ' (a correction)', color: '#555555' } : ''], fontSize: 9, margin: [0, 1, 0, 1] })),
    i.notes ? small(i.notes) : '',
    findings.length ? small(`Related findings: ${findings.map((f) => f.ref).join(', ')}`, { margin: [0, 3, 0, 0] }) : '',
    i.controlIds.length ? small(`Controls discussed: ${i.controlIds.join(', ')}`) : '',
  ]);
}

const sub = (text: string): Content => heading(text, GROUP, { fontSize: 10, margin: [0, 6, 0, 2] });
