import { dataSourceLabels, successCriterionLabels } from '../../shared/plan-options';
import { reviewedControls } from './controls';
import { stableUuid } from './ids';
import { metadata, partyUuid } from './metadata';
import type { OscalData } from './results';
import { RA_NS, dayEnd, dayStart, nonEmpty, oscalText, type OscalObject } from './vocabulary';

// An audit's plan as an OSCAL assessment-plan document: the plan's boundaries as assessment subjects
// (environments and integrations in and out, vendor teams, the releases), the methodology, the
// controls of the pinned checklist, the schedule as tasks, and the terms the audit is carried out under.

export type PlanData = Pick<OscalData, 'audit' | 'plan' | 'releases' | 'interviews' | 'items' | 'frameworks' | 'mappings' | 'importedMappings' | 'actor' | 'appVersion' | 'now'>;

interface Subject {
  key: string;
  type: string;
  title: string;
  description: string;
}

export function assessmentPlan(data: PlanData): OscalObject {
  const { plan } = data;
  const component = (kind: string, title: string, description: string, type: string): Subject => ({ key: `${kind}:${title}`, type, title, description });
  const inScope = [
    ...plan.environmentsIn.map((env) => component('environment', env, `The ${env} environment, in scope.`, 'service')),
    ...(plan.preProductionIncluded ? [component('environment', 'pre-production', 'Pre-production environments, in scope.', 'service')] : []),
    ...plan.thirdPartyIntegrations.map((name) => component('integration', name, `The third-party integration ${name}, in scope.`, 'interconnection')),
    ...data.releases.map((r) => component('release', r.identifier, oscalText(`Release ${r.identifier}${r.system ? ` of ${r.system}` : ''}${r.windowStart ? `, deployment window from ${r.windowStart}` : ''}.`, r.identifier), 'software')),
  ];
  const outOfScope = plan.environmentsOut.map((env) => component('environment', env, `The ${env} environment, out of scope.`, 'service'));
  const components = [...inScope, ...outOfScope].map((s) => ({
    uuid: stableUuid('component', `${data.audit.id}:${s.key}`),
    type: s.type,
    title: s.title,
    description: s.description,
    status: { state: 'operational' },
  }));
  const select = (s: Subject) => ({ 'subject-uuid': stableUuid('component', `${data.audit.id}:${s.key}`), type: 'component' });
  const subjects: OscalObject[] = [];
  if (inScope.length > 0 || outOfScope.length > 0) {
    subjects.push({
      type: 'component',
      description: `The releases and environments the audit covers (${plan.scopeMode === 'high-risk' ? 'high-risk releases only' : 'all releases'}).`,
      'include-subjects': nonEmpty(inScope.map(select)),
      'exclude-subjects': nonEmpty(outOfScope.map(select)),
      ...(inScope.length === 0 ? { 'include-all': {} } : {}),
    });
  }
  if (plan.vendorTeams.length > 0) {
    subjects.push({
      type: 'party',
      description: 'The vendor teams in scope.',
      'include-subjects': plan.vendorTeams.map((team) => ({ 'subject-uuid': partyUuid('organization', team), type: 'party' })),
    });
  }
  const toolUuid = stableUuid('component', 'release-audit-app');
  return {
    'assessment-plan': {
      uuid: stableUuid('assessment-plan', data.audit.id),
      metadata: metadata({ audit: data.audit, title: `Assessment plan: ${data.audit.name}`, actor: data.actor, appVersion: data.appVersion, now: data.now, organisations: plan.vendorTeams }),
      'import-ssp': { href: `#${stableUuid('no-ssp', data.audit.id)}`, remarks: 'A release audit has no system security plan: the releases and environments assessed are the assessment subjects of this plan.' },
      'local-definitions': components.length > 0 ? { components } : undefined,
      'terms-and-conditions': { parts: termsAndConditions(data) },
      'reviewed-controls': reviewedControls(data, 'The controls to be assessed: those of the pinned checklist.'),
      'assessment-subjects': nonEmpty(subjects),
      'assessment-assets': {
        components: [{ uuid: toolUuid, type: 'software', title: 'Release Audit', description: `Release Audit ${data.appVersion}: the checklist, evidence vault and ledger the audit is recorded in.`, status: { state: 'operational' } }],
        'assessment-platforms': [{ uuid: stableUuid('platform', data.audit.id), title: 'Release Audit workstation', 'uses-components': [{ 'component-uuid': toolUuid }] }],
      },
      tasks: nonEmpty(schedule(data)),
      'back-matter': { resources: [{ uuid: stableUuid('no-ssp', data.audit.id), title: 'No system security plan', description: 'The audit assesses releases, not a system with a security plan; the scope is in the assessment subjects.' }] },
    },
  };
}

function termsAndConditions(data: PlanData): OscalObject[] {
  const { plan } = data;
  const part = (name: string, title: string, lines: string[]) => (lines.length > 0 ? [{ name, title, prose: lines.join('\n\n') }] : []);
  return [
    ...part('methodology', 'Methodology', [
      oscalText(plan.objective, 'No objective is written in the plan yet.'),
      'Each checklist item is examined against its evidence (EXAMINE), people are interviewed on how releases are really done (INTERVIEW), and the pipelines’, tickets’ and scanners’ own records are imported and tested against the rule pack (TEST). Every piece of evidence is kept in a content-addressed vault under its SHA-256 and every change in a hash-chained ledger.',
      ...(plan.riskCriteria.trim() ? [`Risk criteria: ${plan.riskCriteria.trim()}`] : []),
    ]),
    ...part('assessment-inclusions', 'In scope', [
      ...plan.environmentsIn.map((e) => `Environment: ${e}`),
      ...(plan.preProductionIncluded ? ['Pre-production environments'] : []),
      ...plan.thirdPartyIntegrations.map((i) => `Integration: ${i}`),
      ...plan.vendorTeams.map((t) => `Vendor team: ${t}`),
    ]),
    ...part('assessment-exclusions', 'Out of scope', plan.environmentsOut.map((e) => `Environment: ${e}`)),
    ...part('rules-of-engagement', 'Rules of engagement', [
      plan.announced ? 'The audit is announced to the teams audited.' : 'The audit is unannounced.',
      ...plan.accessRequests.map((a) => `Access to ${dataSourceLabels[a.dataSource]}${a.description ? ` (${a.description})` : ''}: requested${a.requestedFrom ? ` from ${a.requestedFrom}` : ''}${a.requestedOn ? ` on ${a.requestedOn}` : ''}${a.grantedOn ? `, granted${a.grantedBy ? ` by ${a.grantedBy}` : ''} on ${a.grantedOn}` : ', not yet granted'}.`),
      ...(plan.haltThresholdPercent !== null ? [`A deployment batch is halted above ${plan.haltThresholdPercent}% errors.`] : []),
      ...(plan.rtoTargetMinutes !== null ? [`Rollbacks are judged against a recovery time objective of ${plan.rtoTargetMinutes} minutes.`] : []),
    ]),
    ...part('assessment-criteria', 'Success criteria', plan.successCriteria.map((c) => `${successCriterionLabels[c.kind]}: ${c.description}`)),
    ...part('regulatory-drivers', 'Regulatory drivers', plan.regulatoryDrivers.map((d) => `${d.id} ${d.name}${d.adds ? `: ${d.adds}` : ''}`)),
    ...part('results-delivery', 'Results delivery', [
      'Results are delivered as a signed PDF report (the record) and as OSCAL assessment results.',
      ...plan.findingOwners.map((o) => `Findings owned by ${o.role}${o.person ? ` (${o.person})` : ''}.`),
    ]),
  ].map((p) => ({ ...p, ns: p.name === 'regulatory-drivers' || p.name === 'assessment-criteria' ? RA_NS : undefined }));
}

function schedule(data: PlanData): OscalObject[] {
  const { plan } = data;
  const tasks: OscalObject[] = [];
  if (plan.scheduleStart && plan.scheduleEnd) {
    tasks.push({ uuid: stableUuid('task', `${data.audit.id}:fieldwork`), type: 'action', title: 'Fieldwork', description: oscalText(plan.scheduleNotes, 'The audit’s fieldwork.'), timing: { 'within-date-range': { start: dayStart(plan.scheduleStart), end: dayEnd(plan.scheduleEnd) } } });
  } else if (plan.scheduleStart || plan.scheduleEnd) {
    const day = (plan.scheduleStart ?? plan.scheduleEnd) as string;
    tasks.push({ uuid: stableUuid('task', `${data.audit.id}:fieldwork`), type: 'milestone', title: plan.scheduleStart ? 'Fieldwork starts' : 'Fieldwork ends', timing: { 'on-date': { date: dayStart(day) } } });
  }
  for (const release of data.releases) {
    if (!release.windowStart) continue;
    const range = release.windowEnd ? { 'within-date-range': { start: release.windowStart, end: release.windowEnd } } : { 'on-date': { date: release.windowStart } };
    tasks.push({ uuid: stableUuid('task', `release:${release.id}`), type: 'action', title: `Observe the deployment of ${release.identifier}`, timing: range });
  }
  for (const interview of data.interviews) {
    if (!interview.scheduledAt || interview.status === 'cancelled') continue;
    tasks.push({ uuid: stableUuid('task', `interview:${interview.id}`), type: 'action', title: `Interview ${interview.interviewee}`, timing: { 'on-date': { date: interview.scheduledAt } } });
  }
  return tasks;
}
