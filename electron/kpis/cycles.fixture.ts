import { createAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { addEvidenceText } from '../evidence/service';
import { createFinding, transitionFinding } from '../findings/service';
import { fixture } from '../imports/test-files';
import { savePlan } from '../plans/service';
import { createRelease, saveTickets } from '../releases/service';
import type { ReleaseFields } from '../../shared/api/releases';
import { importInto } from '../imports/store';
import type { Core } from '../services';
import { signOffTests } from '../testing/signoffs';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate } from '../templates/service';
import { addEntry } from '../warroom/service';

// Three audit cycles of a small release process, written through the services at the times they
// happened (the caller moves the clock: `at` sets it), so that each KPI can be worked out by hand.
// kpis.test.ts writes the arithmetic beside each expected value.

type Clock = (iso: string) => void;

/** A finding raised (opened) with its one piece of evidence. */
export async function finding(core: Core, auditId: string, fields: { title: string; severity: 'critical' | 'major' | 'minor'; controlId: string; cause: string; ownerName: string }) {
  const made = createFinding(core, { auditId, ...fields, criteria: 'What should be.', condition: 'What was found.', effect: 'Why it matters.', recommendation: 'What to do.' });
  await addEvidenceText(core, { auditId, kind: 'log-excerpt', text: `${fields.title}\n`, sourceSystem: 'CAB tool', sourceFile: '', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: made.id }] });
  return transitionFinding(core, { id: made.id, to: 'open', acceptedBy: '', reason: '' });
}

function close(core: Core, id: string) {
  for (const to of ['in-remediation', 'ready-for-verification', 'closed'] as const) transitionFinding(core, { id, to, acceptedBy: '', reason: '' });
}

function release(core: Core, auditId: string, identifier: string, fields: Partial<ReleaseFields>, approvedAt?: string) {
  const made = createRelease(core, { auditId, identifier, ...fields });
  if (approvedAt) saveTickets(core, made.id, [{ reference: `CHG-${identifier}`, title: identifier, approvalStatus: 'approved', approvedBy: 'CAB', approvedAt }]);
  return made;
}

const complete = { backoutPlan: 'Redeploy the previous version.', riskAssessment: 'Low: one service.', runbookSignedBy: 'Ops lead' };

export async function threeCycles(core: Core, at: Clock) {
  ensureDefaultTemplate(core);
  const log = (releaseId: string, kind: Parameters<typeof addEntry>[1]['kind'], body: Record<string, unknown>, when: string) => addEntry(core, { releaseId, kind, body, at: when });

  // Cycle 1, January 2026.
  at('2026-01-05T09:00:00.000Z');
  const a = createAudit(core, { name: 'Cycle 1', description: '' });
  pinTemplate(core, a.id, DEFAULT_TEMPLATE_V1_ID);
  savePlan(core, { auditId: a.id, haltThresholdPercent: 5 });
  const a1 = release(core, a.id, 'pay-1.0', { system: 'Payments', windowStart: '2026-01-10T10:00:00.000Z', ...complete, runbookSignedAt: '2026-01-09T08:00:00.000Z' }, '2026-01-09T10:00:00.000Z');
  const a2 = release(
    core,
    a.id,
    'pay-1.0.1',
    { system: 'Payments', windowStart: '2026-01-20T10:00:00.000Z', emergency: true, emergencyJustification: 'Production outage: card payments failing', bypassedControls: [{ itemKey: 'RA-RFC-01', bypassedAt: '2026-01-20T10:00:00.000Z', remediatedAt: null, note: '' }] },
    '2026-01-20T12:00:00.000Z',
  );
  recordResult(core, { auditId: a.id, releaseId: a1.id, itemKey: 'RA-RFC-01', result: 'pass', note: '' });
  recordResult(core, { auditId: a.id, releaseId: a1.id, itemKey: 'RA-BLD-01', result: 'fail', note: 'Built twice' });
  recordResult(core, { auditId: a.id, releaseId: a2.id, itemKey: 'RA-RFC-01', result: 'fail', note: 'No CAB' });
  recordResult(core, { auditId: a.id, releaseId: a2.id, itemKey: 'RA-RFC-02', result: 'not-applicable', note: '' });
  at('2026-01-10T11:00:00.000Z');
  log(a1.id, 'halt-check', { label: 'Error rate', batch: '1', observedPercent: 7.5, thresholdPercent: 10, decision: 'continue' }, '2026-01-10T10:10:00.000Z');
  log(a1.id, 'halt-check', { label: 'Error rate', batch: '2', observedPercent: 3, thresholdPercent: 10, decision: 'continue' }, '2026-01-10T10:20:00.000Z');
  const change = log(a1.id, 'on-the-fly-change', { text: 'Raised the pool size' }, '2026-01-10T10:25:00.000Z');
  log(a1.id, 'change-approved', { changeEntryId: change.id, approvedBy: 'CAB chair' }, '2026-01-10T10:26:00.000Z');
  log(a1.id, 'on-the-fly-change', { text: 'Restarted the cache' }, '2026-01-10T10:27:00.000Z');
  log(a1.id, 'rollback-started', { mode: 'manual', reason: 'errors' }, '2026-01-10T10:30:00.000Z');
  log(a1.id, 'rollback-finished', { outcome: 'recovered', rtoTargetMinutes: 30 }, '2026-01-10T10:50:00.000Z');
  const f1 = await finding(core, a.id, { title: 'CAB skipped', severity: 'major', controlId: 'RA-RFC-01', cause: 'CAB approval skipped for urgent change', ownerName: 'Release team' });
  at('2026-01-25T09:00:00.000Z');
  close(core, f1.id);

  // Cycle 2, April and May 2026.
  at('2026-04-01T09:00:00.000Z');
  const b = createAudit(core, { name: 'Cycle 2', description: '' });
  pinTemplate(core, b.id, DEFAULT_TEMPLATE_V1_ID);
  const b1 = release(core, b.id, 'pay-2.0', { system: 'Payments', windowStart: '2026-04-05T10:00:00.000Z', ...complete, runbookSignedAt: '2026-04-04T08:00:00.000Z' }, '2026-04-04T10:00:00.000Z');
  const b2 = release(core, b.id, 'ledger-5.1', { system: 'Ledger', windowStart: '2026-05-02T10:00:00.000Z', emergency: true, emergencyJustification: 'Security fix for CVE-2026-1234', postFactoApprovedBy: 'CAB chair', postFactoApprovedAt: '2026-05-03T10:00:00.000Z', backoutPlan: 'Revert', riskAssessment: 'High' });
  const report = await importInto(core, fixture('junit-release-checks.xml'), { auditId: b.id, releaseId: b1.id });
  signOffTests(core, { importId: report.import.id, signedBy: 'QA lead', role: 'QA lead', signedAt: '2026-04-04T12:00:00.000Z', decision: 'rejected', note: 'first run failed' });
  signOffTests(core, { importId: report.import.id, signedBy: 'QA lead', role: 'QA lead', signedAt: '2026-04-04T15:00:00.000Z', decision: 'accepted', note: 'rerun passed' });
  recordResult(core, { auditId: b.id, releaseId: b1.id, itemKey: 'RA-RFC-01', result: 'pass', note: '' });
  recordResult(core, { auditId: b.id, releaseId: b1.id, itemKey: 'RA-BLD-01', result: 'pass', note: '' });
  recordResult(core, { auditId: b.id, releaseId: b2.id, itemKey: 'RA-RFC-01', result: 'fail', note: 'No CAB' });
  at('2026-04-05T12:00:00.000Z');
  log(b1.id, 'rollback-started', { mode: 'automatic', reason: '' }, '2026-04-05T11:00:00.000Z');
  log(b1.id, 'rollback-finished', { outcome: 'failed', rtoTargetMinutes: 30 }, '2026-04-05T11:10:00.000Z');
  await finding(core, b.id, { title: 'CAB skipped again', severity: 'major', controlId: 'RA-RFC-01', cause: 'CAB approval skipped for an urgent change', ownerName: 'Release team' });
  const f3 = await finding(core, b.id, { title: 'Build not reproducible', severity: 'minor', controlId: 'RA-BLD-01', cause: 'build not reproducible from the tag', ownerName: 'Build team' });
  at('2026-05-15T09:00:00.000Z');
  close(core, f3.id);

  // Cycle 3, July and August 2026.
  at('2026-07-01T09:00:00.000Z');
  const c = createAudit(core, { name: 'Cycle 3', description: '' });
  pinTemplate(core, c.id, DEFAULT_TEMPLATE_V1_ID);
  const c1 = release(core, c.id, 'pay-3.0', { system: 'Payments', windowStart: '2026-07-15T10:00:00.000Z', ...complete, runbookSignedAt: '2026-07-14T08:00:00.000Z' }, '2026-07-14T10:00:00.000Z');
  const c2 = release(core, c.id, 'pay-3.0.1', {
    system: 'Payments',
    windowStart: '2026-07-20T10:00:00.000Z',
    emergency: true,
    backoutPlan: 'Revert',
    emergencyReview: { heldAt: '2026-07-22T10:00:00.000Z', notes: 'Hotfix for a regression in refunds', actions: [] },
    bypassedControls: [{ itemKey: 'RA-RFC-01', bypassedAt: '2026-07-20T10:00:00.000Z', remediatedAt: null, note: '' }],
  });
  const c3 = release(core, c.id, 'ledger-6.0.1', { system: 'Ledger', windowStart: '2026-08-01T10:00:00.000Z', emergency: true, emergencyJustification: 'Regulatory deadline from the central bank' });
  recordResult(core, { auditId: c.id, releaseId: c1.id, itemKey: 'RA-RFC-01', result: 'pass', note: '' });
  recordResult(core, { auditId: c.id, releaseId: c1.id, itemKey: 'RA-BLD-01', result: 'pass', note: '' });
  recordResult(core, { auditId: c.id, releaseId: c2.id, itemKey: 'RA-RFC-02', result: 'fail', note: 'No risk assessment' });
  at('2026-07-15T12:00:00.000Z');
  log(c1.id, 'rollback-started', { mode: 'manual', reason: '' }, '2026-07-15T11:00:00.000Z');
  log(c1.id, 'rollback-finished', { outcome: 'recovered', rtoTargetMinutes: 30 }, '2026-07-15T11:45:00.000Z');
  const f4 = await finding(core, c.id, { title: 'CAB skipped a third time', severity: 'major', controlId: 'RA-RFC-01', cause: 'urgent change: CAB approval skipped', ownerName: 'Release team' });
  await finding(core, c.id, { title: 'No risk assessment', severity: 'critical', controlId: 'RA-RFC-02', cause: 'no risk assessment written', ownerName: 'Release team' });
  await finding(core, c.id, { title: 'Unsigned artifact', severity: 'minor', controlId: 'RA-BLD-01', cause: 'artifact unsigned before release', ownerName: 'Build team' });
  at('2026-08-20T09:00:00.000Z');
  close(core, f4.id);
  at('2026-09-01T09:00:00.000Z');
  return { a, b, c, releases: { a1, a2, b1, b2, c1, c2, c3 } };
}
