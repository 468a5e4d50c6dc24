import type { ImportSummary } from '../../shared/api/import-methods';
import type { ReportData } from '../reports/data';
import { relevantEvidence } from './evidence';
import { stableUuid } from './ids';
import { RA_NS, nonEmpty, oscalText, type OscalObject } from './vocabulary';

// What the auditor saw, as OSCAL observations: each checklist result (EXAMINE), each held interview
// (INTERVIEW), each war-room entry that stands (EXAMINE: watched during the deployment) and each
// imported file of pipeline, ticket or scan facts (TEST: the tools' own runs), with the evidence behind it.

export type ObservationData = Pick<ReportData, 'results' | 'items' | 'interviews' | 'boards' | 'entryEvidence' | 'releases' | 'evidence'> & { imports: ImportSummary[] };

const resultWords: Record<string, string> = { pass: 'passed', fail: 'failed', 'not-applicable': 'was not applicable', 'not-tested': 'was not tested' };

export function checklistObservations(data: ObservationData): OscalObject[] {
  const items = new Map(data.items.map((item) => [item.key, item]));
  const releases = new Map(data.releases.map((r) => [r.id, r.identifier]));
  return data.results.map((result) => {
    const item = items.get(result.itemKey);
    const title = item?.title ?? result.itemKey;
    const where = result.releaseId ? ` for release ${releases.get(result.releaseId) ?? result.releaseId}` : '';
    return {
      uuid: stableUuid('observation', result.id),
      title: `${title}: ${result.result}`,
      description: `Checklist item ${result.itemKey}${item?.controlId ? ` (control ${item.controlId})` : ''} ${resultWords[result.result] ?? result.result}${where}, recorded by ${result.recordedBy}.`,
      props: [
        { name: 'checklist-result', ns: RA_NS, value: result.result },
        { name: 'item-key', ns: RA_NS, value: result.itemKey },
        ...(item?.controlId ? [{ name: 'control-id', ns: RA_NS, value: item.controlId }] : []),
      ],
      methods: ['EXAMINE'],
      types: ['control-objective'],
      'relevant-evidence': nonEmpty(result.evidence.map(relevantEvidence)),
      collected: result.recordedAt,
      remarks: result.note.trim() || undefined,
    };
  });
}

export function interviewObservations(data: ObservationData): OscalObject[] {
  return data.interviews
    .filter((i) => i.status === 'held')
    .map((interview) => {
      const answers = interview.questions.filter((q) => q.answer.trim()).map((q) => `Q: ${q.text.trim()}\nA: ${q.answer.trim()}`);
      const notes = interview.noteLog.map((n) => `${n.author} (${n.createdAt}): ${n.text.trim()}`);
      const remarks = [...answers, ...interview.tribalKnowledge.map((t) => `Undocumented step: ${t.text.trim()}`), ...notes].join('\n\n');
      return {
        uuid: stableUuid('observation', interview.id),
        title: `Interview with ${interview.interviewee}`,
        description: `Interview with ${interview.interviewee}${interview.role ? `, ${interview.role}` : ''}${interview.team ? ` (${interview.team})` : ''}${interview.interviewer ? `, held by ${interview.interviewer}` : ''}.`,
        props: nonEmpty(interview.controlIds.map((id) => ({ name: 'control-id', ns: RA_NS, value: id }))),
        methods: ['INTERVIEW'],
        'relevant-evidence': nonEmpty(interview.evidence.map(relevantEvidence)),
        collected: interview.heldAt ?? interview.updatedAt,
        remarks: remarks || undefined,
      };
    });
}

export function warRoomObservations(data: ObservationData): OscalObject[] {
  const releases = new Map(data.releases.map((r) => [r.id, r.identifier]));
  return [...data.boards.values()].flatMap((board) =>
    board.entries
      .filter((entry) => !entry.voided && entry.kind !== 'correction')
      .map((entry) => ({
        uuid: stableUuid('observation', entry.id),
        title: `War room, ${releases.get(board.releaseId) ?? board.releaseId}: ${entry.kind}`,
        description: `${entry.kind} recorded by ${entry.actor} during the deployment of ${releases.get(board.releaseId) ?? board.releaseId}: ${describeBody(entry.body)}`,
        props: [{ name: 'war-room-entry', ns: RA_NS, value: entry.kind }],
        methods: ['EXAMINE'],
        'relevant-evidence': nonEmpty((data.entryEvidence.get(entry.id) ?? []).map(relevantEvidence)),
        collected: entry.at,
      })),
  );
}

export function importObservations(data: ObservationData): OscalObject[] {
  const evidence = new Map(data.evidence.map((e) => [e.id, e]));
  return data.imports.map((imported) => {
    const file = evidence.get(imported.evidenceId);
    const kinds = Object.entries(imported.factKinds).map(([kind, n]) => `${n} ${kind}`).join(', ');
    return {
      uuid: stableUuid('observation', imported.id),
      title: `Imported ${imported.kindLabel}: ${imported.name}`,
      description: `${imported.factCount} facts read from ${imported.name} (${imported.kindLabel}, SHA-256 ${imported.sha256})${kinds ? `: ${kinds}` : ''}.`,
      props: [{ name: 'import-kind', ns: RA_NS, value: imported.kind }],
      methods: ['TEST'],
      'relevant-evidence': file ? [relevantEvidence(file)] : [{ description: `${imported.name}, SHA-256 ${imported.sha256}.` }],
      collected: imported.importedAt,
      remarks: imported.warnings.length > 0 ? imported.warnings.join('\n') : undefined,
    };
  });
}

function describeBody(body: Record<string, unknown>): string {
  const parts = Object.entries(body)
    .filter(([, value]) => value !== null && value !== '' && value !== undefined)
    .map(([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return oscalText(parts.join('; '), 'no details');
}
