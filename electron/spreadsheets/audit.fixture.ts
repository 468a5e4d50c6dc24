import { createAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding, transitionFinding, updateFinding } from '../findings/service';
import { importInto } from '../imports/store';
import { fixture } from '../imports/test-files';
import { createRelease } from '../releases/service';
import type { Core } from '../services';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate } from '../templates/service';
import type { TrendProvider } from '../trends/providers';

// An audit with something in every part of a spreadsheet: findings (one moved through remediation,
// one with text that breaks naive CSV: commas, quotes, a line break, accents, a formula), checklist
// results, imported ticket facts, and a KPI provider of the test's own.

export const hostileText = 'Says "no", then =SUM(A1:A9), commas, and\na second line: Ünïcødé ✓';

export const testProvider: TrendProvider = {
  id: 'test-kpis',
  charts: (_core, query) => [
    {
      id: 'kpi.control-failure-rate',
      group: 'kpi',
      title: 'Control failure rate',
      definition: 'Failed items over assessed items.',
      unit: 'percent',
      kind: 'line',
      categories: ['2026-10', '2026-11'],
      series: [{ name: query.auditId ? 'This audit' : 'All', values: [12.5, null], basis: [8, 0] }],
      better: 'lower',
    },
    { id: 'dora.lead-time', group: 'dora', title: 'Lead time', definition: 'Commit to production.', unit: 'hours', kind: 'bar', categories: ['2026-11'], series: [{ name: 'Payments', values: [30], basis: [4] }] },
  ],
};

export async function populatedAudit(core: Core) {
  ensureDefaultTemplate(core);
  const audit = createAudit(core, { name: 'Q4 payments', description: '' });
  pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
  const release = createRelease(core, { auditId: audit.id, identifier: 'R-2026.11' });
  recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-01', result: 'fail', note: 'No RFC, "urgent", see ticket' });
  recordResult(core, { auditId: audit.id, itemKey: 'RA-DOC-02', result: 'pass', note: '' });
  const open = createFinding(core, {
    auditId: audit.id,
    title: 'CAB approval missing',
    severity: 'critical',
    controlId: 'RA-RFC-01',
    stage: 'rfc-approval',
    criteria: 'Every change has an approved RFC.',
    condition: 'Hotfix 1.4.3 went out without one.',
    cause: 'Emergency path misused.',
    effect: 'Unapproved code in payments.',
    recommendation: 'Enforce RFC linkage in the pipeline.',
    ownerRole: 'Change manager',
    ownerName: 'Jo Smith',
  });
  await addEvidenceText(core, {
    auditId: audit.id, kind: 'log-excerpt', text: 'deploy hotfix-1.4.3', sourceSystem: 'Jenkins', sourceFile: 'deploy.log',
    lineStart: 1, lineEnd: 1, url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: open.id }],
  });
  transitionFinding(core, { id: open.id, to: 'open', acceptedBy: '', reason: '' });
  transitionFinding(core, { id: open.id, to: 'in-remediation', acceptedBy: '', reason: '' });
  updateFinding(core, { id: open.id, ownerName: 'Ana Lopez' });
  const draft = createFinding(core, { auditId: audit.id, title: '-1 approvals, "quoted", on R1', severity: 'minor', condition: hostileText, confidential: true, dueAt: '2199-01-31', stage: 'build' });
  await importInto(core, fixture('servicenow-changes.csv'), { auditId: audit.id, releaseId: release.id });
  return { audit, release, open: open.id, draft: draft.id };
}
