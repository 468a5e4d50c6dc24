import fs from 'node:fs';
import path from 'node:path';
import { createAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { addEvidenceFile, addEvidenceText, linkEvidence } from '../evidence/service';
import { createFinding, raiseFromResult, transitionFinding } from '../findings/service';
import { addInterviewNote, createInterview } from '../interviews/service';
import { savePlan } from '../plans/service';
import { createRelease, saveComponents, saveRunbook, saveTickets } from '../releases/service';
import type { Core } from '../services';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate } from '../templates/service';
import { addEntry } from '../warroom/service';

// An audit holding every kind of record a report prints, each carrying a planted marker, so that a test
// can read the PDF back and find every one (and, in an external edition, none of the confidential ones).

/** Markers every full internal report must contain. */
export const markers = {
  objective: 'MARK-OBJECTIVE',
  integration: 'MARK-INTEGRATION',
  vendor: 'MARK-VENDOR',
  driver: 'MARK-DRIVER-ADDS',
  criterion: 'MARK-CRITERION',
  basis: 'MARK-BASIS',
  owner: 'MARK-OWNER',
  access: 'MARK-ACCESS',
  grantor: 'MARK-GRANTOR',
  conclusion: 'MARK-CONCLUSION',
  release: 'PAY-MARKREL-2.0',
  ticket: 'CHG-MARK-TICKET',
  backout: 'MARK-BACKOUT',
  runbookSigner: 'MARK-SIGNER',
  step: 'MARK-STEP',
  component: 'MARK-COMPONENT',
  licence: 'MARK-LICENCE',
  node: 'MARK-NODE',
  deviation: 'MARK-DEVIATION',
  change: 'MARK-OTF-CHANGE',
  approver: 'MARK-APPROVER',
  halt: 'MARK-HALT',
  rollback: 'MARK-ROLLBACK-REASON',
  note: 'MARK-WARROOM-NOTE',
  emergency: 'HOTFIX-MARKREL-2.0.1',
  justification: 'MARK-JUSTIFICATION',
  postFacto: 'MARK-POSTFACTO',
  bypass: 'MARK-BYPASS',
  review: 'MARK-REVIEW',
  reviewAction: 'MARK-REVIEW-ACTION',
  resultNote: 'MARK-RESULT-NOTE',
  interviewee: 'MARK-INTERVIEWEE',
  answer: 'MARK-ANSWER',
  tribal: 'MARK-TRIBAL',
  followUp: 'MARK-FOLLOWUP',
  interviewNote: 'MARK-INTERVIEW-NOTE',
  finding: 'MARK-FINDING',
} as const;

/** Markers of confidential content: in the internal report, never in an external one. */
export const secrets = {
  finding: 'SECRET-FINDING-MARK',
  condition: 'SECRET-CONDITION-MARK',
  interviewee: 'SECRET-INTERVIEWEE-MARK',
  tribal: 'SECRET-TRIBAL-MARK',
  interviewNote: 'SECRET-NOTE-MARK',
  evidence: 'secret-evidence-mark.log',
  interviewEvidence: 'secret-interview-mark.log',
} as const;

const MINUTE = 60_000;

export async function everyRecordAudit(core: Core, folder: string) {
  ensureDefaultTemplate(core);
  const audit = createAudit(core, { name: 'Payments platform, H2 2026', description: '' });
  pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
  savePlan(core, {
    auditId: audit.id,
    objective: `${markers.objective}: show that payments releases follow change management.`,
    environmentsIn: ['production'],
    environmentsOut: ['sandbox'],
    preProductionIncluded: true,
    thirdPartyIntegrations: [`${markers.integration} card processor`],
    vendorTeams: [`${markers.vendor} offshore operations`],
    announced: false,
    scheduleStart: '2026-10-01',
    scheduleEnd: '2026-12-20',
    scheduleNotes: 'Fieldwork in two waves.',
    regulatoryDrivers: [{ id: 'SOX', name: 'Sarbanes-Oxley (SOX) IT general controls', adds: `${markers.driver}: approvals before production.` }],
    successCriteria: [{ kind: 'rollback-readiness', description: `${markers.criterion} every release has a tested backout`, met: 'not-met', basis: `${markers.basis}: the hotfix had none.` }],
    findingOwners: [{ role: 'Release Manager', person: markers.owner }],
    accessRequests: [{ key: 'cmdb', dataSource: 'cmdb', description: `${markers.access} read-only CMDB`, requestedOn: '2026-10-01', requestedFrom: 'IT Ops', grantedOn: '2026-10-03', grantedBy: markers.grantor }],
    haltThresholdPercent: 5,
    rtoTargetMinutes: 30,
    conclusionRating: 'needs-improvement',
    conclusionText: `${markers.conclusion}: change management works, but emergency releases bypass it.`,
  });
  const now = Date.now();
  const t = (minutes: number) => new Date(now + minutes * MINUTE).toISOString();
  const release = createRelease(core, {
    auditId: audit.id, identifier: markers.release, system: 'Payments', timeZone: 'Europe/Berlin', windowStart: t(-240), windowEnd: t(-60),
    backoutPlan: `${markers.backout}: redeploy 1.9.4.`, sourceTag: 'v2.0.0', buildNumber: '2.0.1-b77', manifestVersion: 'v2.0.0',
    runbookSignedBy: markers.runbookSigner, runbookSignedAt: t(-300),
  });
  saveTickets(core, release.id, [
    { reference: markers.ticket, title: 'Payments 2.0', approvalStatus: 'approved', approvedBy: 'CAB', approvedAt: t(-200) },
    { reference: 'CHG-2', title: 'Config change', approvalStatus: 'pending', approvedBy: '', approvedAt: null },
  ]);
  const steps = saveRunbook(core, release.id, [
    { title: `${markers.step} drain traffic`, plannedStart: t(-240), plannedEnd: t(-230), owner: 'Ops', parameters: {}, contacts: '' },
    { title: 'Deploy the API', plannedStart: t(-230), plannedEnd: t(-200), owner: 'Ops', parameters: {}, contacts: '' },
  ]).runbook;
  saveComponents(core, release.id, [{ name: `${markers.component} log4j-core`, version: '2.14.1', licence: markers.licence, vulnerabilityStatus: 'known', notes: '' }]);
  const log = (kind: Parameters<typeof addEntry>[1]['kind'], body: Record<string, unknown>, minutes: number) => addEntry(core, { releaseId: release.id, kind, body, at: t(minutes) });
  log('step-started', { stepId: steps[0]?.id }, -238);
  log('step-finished', { stepId: steps[0]?.id }, -225);
  log('step-started', { stepId: steps[1]?.id }, -224);
  log('node-status', { node: `${markers.node}-api-1`, status: 'failed' }, -215);
  log('deviation', { text: `${markers.deviation}: skipped the smoke test`, stepId: steps[1]?.id }, -214);
  const change = log('on-the-fly-change', { text: `${markers.change}: raised the pool size` }, -212);
  log('change-approved', { changeEntryId: change.id, approvedBy: markers.approver }, -210);
  log('on-the-fly-change', { text: 'Restarted the cache unapproved' }, -209);
  log('halt-check', { label: `${markers.halt} error rate`, batch: '2', observedPercent: 7.5, thresholdPercent: 5, decision: 'halt' }, -208);
  log('rollback-started', { mode: 'manual', reason: markers.rollback }, -206);
  log('rollback-finished', { outcome: 'recovered', rtoTargetMinutes: 30 }, -170);
  log('note', { text: `${markers.note}: bridge call closed` }, -160);

  const hotfix = createRelease(core, {
    auditId: audit.id, identifier: markers.emergency, emergency: true, timeZone: 'Europe/Berlin', windowStart: t(-120), windowEnd: t(-100),
    emergencyJustification: `${markers.justification}: card payments failing.`, postFactoApprovedBy: markers.postFacto, postFactoApprovedAt: t(-90),
    bypassedControls: [{ itemKey: 'RA-RFC-01', bypassedAt: t(-120), remediatedAt: null, note: `${markers.bypass}: no CAB` }],
    emergencyReview: { heldAt: t(-30), notes: `${markers.review}: root cause found.`, actions: [{ text: markers.reviewAction, owner: 'Dev lead', done: false }] },
  });

  // Checklist: a few results of the 70 items, for both releases; failed items with and without findings.
  recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-01', result: 'pass', note: `${markers.resultNote}: CAB minutes seen` });
  recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-02', result: 'not-applicable', note: '' });
  recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-03', result: 'not-tested', note: '' });
  const failed = recordResult(core, { auditId: audit.id, releaseId: hotfix.id, itemKey: 'RA-RFC-01', result: 'fail', note: 'No CAB for the hotfix' });
  recordResult(core, { auditId: audit.id, releaseId: hotfix.id, itemKey: 'RA-RFC-02', result: 'fail', note: 'No risk assessment' });
  const resultLog = path.join(folder, 'cab-minutes.txt');
  fs.writeFileSync(resultLog, 'CAB minutes of 20 November\n');
  const minutes = await addEvidenceFile(core, { auditId: audit.id, path: resultLog, refersTo: null, sourceSystem: 'SharePoint', captureMethod: 'file', note: '' });
  linkEvidence(core, minutes.id, { targetType: 'checklist-result', targetId: failed.id });
  const raised = raiseFromResult(core, failed.id);
  const complete = { criteria: 'Policy CM-2', condition: 'Seen', cause: 'Rushed', effect: 'Risk', recommendation: 'Fix', ownerRole: 'Release Manager', ownerName: markers.owner, dueAt: '2027-01-31' };
  const open = createFinding(core, { auditId: audit.id, title: `${markers.finding} backout untested`, severity: 'major', ...complete });
  const secret = createFinding(core, { auditId: audit.id, title: secrets.finding, severity: 'critical', confidential: true, ...complete, condition: secrets.condition });
  await addEvidenceText(core, { auditId: audit.id, kind: 'log-excerpt', text: 'deploy ok\n', sourceSystem: 'Jenkins', sourceFile: 'deploy.log', lineStart: 1, lineEnd: 1, url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: open.id }] });
  await addEvidenceText(core, { auditId: audit.id, kind: 'log-excerpt', text: 'vendor key used\n', sourceSystem: 'SIEM', sourceFile: secrets.evidence, lineStart: 1, lineEnd: 1, url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: secret.id }] });
  for (const f of [open, secret]) transitionFinding(core, { id: f.id, to: 'open', acceptedBy: '', reason: '' });

  const shared = createInterview(core, {
    auditId: audit.id, interviewee: markers.interviewee, role: 'Release engineer', consent: true, shareable: true, status: 'held', heldAt: t(-50), releaseId: release.id,
    questions: [{ text: 'How is a hotfix approved?', answer: `${markers.answer}: by phone.` }],
    tribalKnowledge: [{ text: `${markers.tribal}: clear the CDN cache by hand` }],
    followUps: [{ text: markers.followUp, owner: 'Ops', done: false }],
    findingIds: [open.id],
  });
  addInterviewNote(core, { interviewId: shared.id, text: `${markers.interviewNote}: runbook step missing` });
  const internal = createInterview(core, { auditId: audit.id, interviewee: secrets.interviewee, consent: true, status: 'held', heldAt: t(-40), tribalKnowledge: [{ text: secrets.tribal }] });
  addInterviewNote(core, { interviewId: internal.id, text: secrets.interviewNote });
  await addEvidenceText(core, { auditId: audit.id, kind: 'log-excerpt', text: 'interview recording\n', sourceSystem: 'Teams', sourceFile: secrets.interviewEvidence, lineStart: 1, lineEnd: 1, url: '', refersTo: null, note: '', links: [{ targetType: 'interview', targetId: internal.id }] });
  return { audit, release, hotfix, raised, open, secret };
}
