import type { Finding } from '../../shared/api/findings';
import type { ReportData } from '../reports/data';
import { reviewedControls, type ControlData } from './controls';
import { evidenceResource, relevantEvidence } from './evidence';
import { stableUuid } from './ids';
import { metadata } from './metadata';
import { checklistObservations, importObservations, interviewObservations, warRoomObservations, type ObservationData } from './observations';
import { RA_NS, dayEnd, nonEmpty, oscalText, oscalToken, type OscalObject } from './vocabulary';

// An audit as an OSCAL assessment-results document: one result for the audit, its observations,
// a finding per checklist item (satisfied when every result passed) and per raised finding
// (satisfied once closed), and a risk for every finding still open, with its deadline and remediation.

export type OscalData = ReportData & ObservationData & ControlData & { actor: string; appVersion: string; now: string };

/** The file name the plan is exported under, so the results' import-ap can point at it. */
export function planFileName(auditName: string): string {
  const slug = auditName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'audit';
  return `${slug}.assessment-plan.json`;
}

export function assessmentResults(data: OscalData): OscalObject {
  const observations = [...checklistObservations(data), ...interviewObservations(data), ...warRoomObservations(data), ...importObservations(data)];
  const raised = data.findings.filter((f) => f.status !== 'draft');
  const risky = raised.filter((f) => f.status !== 'closed');
  const times = observations.map((o) => o.collected as string).sort();
  const start = data.plan.scheduleStart ? `${data.plan.scheduleStart}T00:00:00.000Z` : data.audit.createdAt;
  const end = data.audit.finalisedAt ?? undefined;
  return {
    'assessment-results': {
      uuid: stableUuid('assessment-results', data.audit.id),
      metadata: metadata({ audit: data.audit, title: `Assessment results: ${data.audit.name}`, actor: data.actor, appVersion: data.appVersion, now: data.now }),
      'import-ap': { href: `./${planFileName(data.audit.name)}`, remarks: `The assessment plan with UUID ${stableUuid('assessment-plan', data.audit.id)}, exported from the same audit.` },
      results: [
        {
          uuid: stableUuid('result', data.audit.id),
          title: data.audit.name,
          description: oscalText(data.audit.description, `The release audit "${data.audit.name}".`),
          start: start < (times[0] ?? start) ? start : (times[0] ?? start),
          ...(end ? { end } : {}),
          props: [{ name: 'audit-status', ns: RA_NS, value: data.audit.status }],
          'reviewed-controls': reviewedControls(data, 'The controls the audit reviewed: those of its pinned checklist.'),
          observations: nonEmpty(observations),
          findings: nonEmpty([...itemFindings(data), ...raised.map((f) => findingOf(f, data))]),
          risks: nonEmpty(risky.map((f) => riskOf(f))),
          remarks: data.plan.conclusionText.trim() ? `Conclusion (${data.plan.conclusionRating ?? 'not rated'}): ${data.plan.conclusionText.trim()}` : undefined,
        },
      ],
      'back-matter': data.evidence.length > 0 ? { resources: data.evidence.map(evidenceResource) } : undefined,
    },
  };
}

/** One finding per checklist item that has results: satisfied when none failed and at least one passed. */
function itemFindings(data: OscalData): OscalObject[] {
  const byItem = new Map<string, OscalData['results']>();
  for (const result of data.results) byItem.set(result.itemKey, [...(byItem.get(result.itemKey) ?? []), result]);
  return data.items
    .filter((item) => byItem.has(item.key))
    .map((item) => {
      const results = byItem.get(item.key) ?? [];
      const satisfied = results.some((r) => r.result === 'pass') && !results.some((r) => r.result === 'fail');
      const failed = results.filter((r) => r.result === 'fail').length;
      return {
        uuid: stableUuid('item-finding', `${data.audit.id}:${item.key}`),
        title: item.title,
        description: `${results.length} result${results.length === 1 ? '' : 's'} recorded for checklist item ${item.key}; ${failed} failed.`,
        target: { type: 'objective-id', 'target-id': targetId(item.controlId ?? item.key), status: { state: satisfied ? 'satisfied' : 'not-satisfied' } },
        'related-observations': results.map((r) => ({ 'observation-uuid': stableUuid('observation', r.id) })),
      };
    });
}

function findingOf(finding: Finding & { evidence: ReportData['evidence'] }, data: OscalData): OscalObject {
  const fromResults = data.results.filter((r) => r.findingId === finding.id).map((r) => ({ 'observation-uuid': stableUuid('observation', r.id) }));
  const fromInterviews = data.interviews.filter((i) => i.status === 'held' && i.findingIds.includes(finding.id)).map((i) => ({ 'observation-uuid': stableUuid('observation', i.id) }));
  return {
    uuid: stableUuid('finding', finding.id),
    title: finding.title,
    description: oscalText([finding.condition, finding.criteria && `Criteria: ${finding.criteria}`].filter(Boolean).join('\n\n'), finding.title),
    props: [
      { name: 'severity', ns: RA_NS, value: finding.severity },
      { name: 'finding-status', ns: RA_NS, value: finding.status },
    ],
    target: {
      type: 'objective-id',
      'target-id': targetId(finding.controlId ?? `finding-${finding.id}`),
      status: { state: finding.status === 'closed' ? 'satisfied' : 'not-satisfied', reason: finding.status },
    },
    'related-observations': nonEmpty([...fromResults, ...fromInterviews]),
    'related-risks': finding.status === 'closed' ? undefined : [{ 'risk-uuid': stableUuid('risk', finding.id) }],
    remarks: finding.evidence.length > 0 ? `Evidence: ${finding.evidence.map((e) => relevantEvidence(e).description).join(' ')}` : undefined,
  };
}

const riskStatus: Record<string, string> = { open: 'open', 'in-remediation': 'remediating', 'ready-for-verification': 'remediating', 'risk-accepted': 'deviation-approved' };

function riskOf(finding: Finding): OscalObject {
  const owner = [finding.ownerName, finding.ownerRole].filter((s) => s.trim()).join(', ');
  return {
    uuid: stableUuid('risk', finding.id),
    title: finding.title,
    description: oscalText(finding.effect, oscalText(finding.condition, finding.title)),
    statement: oscalText(finding.cause ? `Cause: ${finding.cause}` : '', `The ${finding.severity} finding "${finding.title}" is not yet closed.`),
    props: [{ name: 'severity', ns: RA_NS, value: finding.severity }, ...(owner ? [{ name: 'owner', ns: RA_NS, value: owner }] : [])],
    status: riskStatus[finding.status] ?? 'open',
    ...(finding.dueAt ? { deadline: dayEnd(finding.dueAt) } : {}),
    remediations: [
      {
        uuid: stableUuid('remediation', finding.id),
        lifecycle: finding.status === 'open' ? 'recommendation' : 'planned',
        title: `Remediation of ${finding.title}`,
        description: oscalText(finding.recommendation, 'No recommendation is written yet.'),
        remarks: finding.status === 'risk-accepted' ? oscalText(`Risk accepted by ${finding.acceptedBy}: ${finding.acceptedReason}`, 'Risk accepted.') : undefined,
      },
    ],
  };
}

function targetId(id: string): string {
  return `${oscalToken(id)}_obj`;
}
