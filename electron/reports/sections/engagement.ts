import { criterionJudgementLabels } from '../../../shared/api/plans';
import { dataSourceLabels, successCriterionLabels } from '../../../shared/plan-options';
import type { ReportContext } from '../document';
import { GROUP, heading, keepHeadings, present, table, type Content } from '../layout';
import { sectionHeading } from './navigation';

// The engagement: what the audit set out to show, its scope and boundaries, whether it was announced,
// its schedule, the regulations driving it and what each adds, the success criteria with the auditor's
// judgement of each, who owns findings, and access to the data sources it needed.

const list = (items: string[], none: string) => (items.length ? items.join(', ') : none);
const label = (text: string): Content => ({ text, style: 'label' });

export function engagement(context: ReportContext): Content {
  const { data, options, clock } = context;
  const p = data.plan;
  return keepHeadings([
    sectionHeading(context, 'scope', 'Scope and methodology'),
    { text: p.objective || 'No objective was written in the plan.', margin: [0, 0, 0, 8] },
    table([150, '*'], null, [
      [label('Scope'), p.scopeMode === 'high-risk' ? `High-risk, production-critical deployments only. Criteria: ${p.riskCriteria || '—'}` : 'Every release in the period'],
      [label('Environments in / out'), `${list(p.environmentsIn, '—')} / ${list(p.environmentsOut, '—')}`],
      [label('Pre-production'), p.preProductionIncluded ? 'Included in scope' : 'Not in scope'],
      [label('Third-party integrations'), list(p.thirdPartyIntegrations, 'None in scope')],
      [label('Offshore or vendor teams'), list(p.vendorTeams, 'None in scope')],
      [label('Announced'), p.announced ? 'Announced to the teams audited' : 'Unannounced'],
      [label('Schedule'), { text: present([clock.date(p.scheduleStart, 'not set'), ' to ', clock.date(p.scheduleEnd, 'not set'), p.scheduleNotes ? `. ${p.scheduleNotes}` : '']) }],
      // Each release whole on its line: an identifier never breaks at one of its hyphens.
      [label('Releases audited'), data.releases.length ? { text: data.releases.flatMap((r, i) => [i ? ', ' : '', { text: `${r.identifier}${r.emergency ? ' (emergency)' : ''}`, noWrap: true }]) } : 'None recorded'],
    ]),
    heading('Regulatory drivers', GROUP),
    p.regulatoryDrivers.length === 0
      ? { text: 'No regulation drives this audit.', style: 'muted' }
      : table([150, '*'], ['Regulation', 'What it adds to the criteria'], p.regulatoryDrivers.map((d) => [{ text: d.name, bold: true }, d.adds || '—'])),
    heading('Success criteria', GROUP),
    p.successCriteria.length === 0
      ? { text: 'No success criteria were set in the plan.', style: 'muted' }
      : table(
          ['*', 70, 150],
          ['Criterion', 'Met', 'Basis of the judgement'],
          p.successCriteria.map((c) => [
            { text: [{ text: `${successCriterionLabels[c.kind]}: `, bold: true }, c.description] },
            { text: criterionJudgementLabels[c.met], bold: true, color: c.met === 'met' ? '#1b6e2d' : c.met === 'not-judged' ? '#555555' : '#b3261e' },
            c.basis || '—',
          ]),
        ),
    heading('Finding owners', GROUP),
    p.findingOwners.length === 0
      ? { text: 'No finding owners were named in the plan.', style: 'muted' }
      : { text: p.findingOwners.map((o) => `${o.role}${o.person ? `: ${o.person}` : ''}`).join('; ') },
    heading('Access to data sources', GROUP),
    p.accessRequests.length === 0
      ? { text: 'No access to data sources was requested.', style: 'muted' }
      : table(
          [110, '*', 110, 110],
          ['Source', 'What', 'Requested', 'Granted'],
          p.accessRequests.map((a) => [
            dataSourceLabels[a.dataSource],
            a.description || '—',
            { text: present([clock.date(a.requestedOn, 'not requested'), a.requestedFrom ? ` from ${a.requestedFrom}` : '']) },
            a.grantedOn ? { text: present([clock.date(a.grantedOn), a.grantedBy ? ` by ${a.grantedBy}` : '']) } : { text: 'Not granted', color: '#b3261e' },
          ]),
        ),
    options.kind === 'full'
      ? {
          text:
            'Method: each control of the pinned checklist was tested against each release in scope (inspection of change records, re-performance and observation during the deployment window). ' +
            'Evidence was captured into a content-addressed vault (SHA-256) with a custody log; every change to the audit record is in a hash-chained ledger whose head is printed on the cover.',
          margin: [0, 10, 0, 0],
        }
      : '',
  ]);
}
