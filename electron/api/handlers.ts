import type { MethodName, MethodOutput, MethodParsedInput } from '../../shared/api/contract';
import { amendAudit, createAudit, finaliseAudit, getAudit, listAmendments, listAudits, moveAuditStatus, pinTemplate } from '../audits/service';
import { incompleteWork } from '../audits/lifecycle';
import { listResults, recordResult } from '../checklist/service';
import { evaluateRules, listMetrics } from '../escalation/service';
import { chooseEvidenceFiles } from '../evidence/chosen-files';
import { addChosenEvidence, addEvidenceFile, addEvidenceText, custodyLog, evidenceForTarget, evidenceLinksOf, linkEvidence, listEvidence } from '../evidence/service';
import { addInterviewNote, createInterview, listInterviewNotes, listInterviews, saveInterview } from '../interviews/service';
import { frameworkCoverage } from '../library/coverage';
import { loadLibrary } from '../library/library';
import { getPlan, savePlan } from '../plans/service';
import { createRelease, getRelease, listReleases, saveComponents, saveRunbook, saveTickets, updateRelease } from '../releases/service';
import type { Core } from '../services';
import { createFinding, discardFinding, getFinding, ownerTrends, pageFindings, raiseFromResult, transitionFinding, updateFinding } from '../findings/service';
import { identities, issueReport, listReports } from '../reports/archive';
import { audienceHandlers } from '../reports/audience-handlers';
import { verifyAll } from '../system/verify';
import { jobsHandlers } from '../jobs/handlers';
import { startReportBuild } from '../reports/jobs';
import { addEntry, warRoomBoard } from '../warroom/service';
import { inspectBundle } from '../sync/import';
import { startExport, startImport, startInspect } from '../sync/jobs';
import { listConflicts, resolveConflict, syncStatus } from '../sync/service';
import { uploadedBundle } from '../sync/transfer';
import { revokeKey, trustKey } from '../sync/trust';
import {
  createTemplate,
  diffVersions,
  ensureDefaultTemplate,
  exportVersion,
  getTemplate,
  getVersion,
  importTemplate,
  listTemplates,
  publishTemplate,
  saveDraft,
} from '../templates/service';

// One small handler per contract method; the logic lives in the domain services.
// The mapped type makes a missing handler a compile error.

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export function createHandlers(core: Core): Handlers {
  ensureDefaultTemplate(core);
  return handlersOf(core);
}

/** The handlers alone, without the first start's work: for a service that calls a method the registry names. */
export function handlersOf(core: Core): Handlers {
  const library = () => loadLibrary(core.appRoot);
  return {
    'audits.create': (input) => createAudit(core, input),
    'audits.list': () => listAudits(core),
    'audits.get': (input) => getAudit(core, input.id),
    'audits.pinTemplate': (input) => pinTemplate(core, input.auditId, input.templateVersionId),
    'audits.finalise': (input) => finaliseAudit(core, input.id),
    'audits.amend': (input) => amendAudit(core, input),
    'audits.amendments': (input) => listAmendments(core, input.auditId),
    'audits.incomplete': (input) => incompleteWork(core, input.id),
    'audits.moveStatus': (input) => moveAuditStatus(core, input.id, input.to),
    'plans.get': (input) => getPlan(core, input.auditId),
    'plans.save': (input) => savePlan(core, input),
    'releases.create': (input) => createRelease(core, input),
    'releases.list': (input) => listReleases(core, input.auditId),
    'releases.get': (input) => getRelease(core, input.id),
    'releases.update': (input) => updateRelease(core, input),
    'releases.saveTickets': (input) => saveTickets(core, input.releaseId, input.tickets),
    'releases.saveRunbook': (input) => saveRunbook(core, input.releaseId, input.steps),
    'releases.saveComponents': (input) => saveComponents(core, input.releaseId, input.components),
    'escalation.metrics': () => listMetrics(),
    'escalation.evaluate': (input) => evaluateRules(core, input.auditId),
    'library.controls': () => library().controls,
    'library.frameworks': () => library().frameworks,
    'library.coverage': (input) =>
      frameworkCoverage(library(), input.framework, input.templateVersionId, getVersion(core, input.templateVersionId).content),
    'templates.list': () => listTemplates(core),
    'templates.get': (input) => getTemplate(core, input.id),
    'templates.create': (input) => createTemplate(core, input),
    'templates.saveDraft': (input) => saveDraft(core, input),
    'templates.publish': (input) => publishTemplate(core, input),
    'templates.version': (input) => getVersion(core, input.id),
    'templates.diff': (input) => diffVersions(core, input.fromVersionId, input.toVersionId),
    'templates.export': (input) => exportVersion(core, input.versionId, input.format),
    'templates.import': (input) => importTemplate(core, input),
    'warroom.add': (input) => addEntry(core, input),
    'warroom.board': (input) => warRoomBoard(core, input.releaseId),
    'interviews.create': (input) => createInterview(core, input),
    'interviews.save': (input) => saveInterview(core, input),
    'interviews.list': (input) => listInterviews(core, input.auditId),
    'interviews.addNote': (input) => addInterviewNote(core, input),
    'interviews.notes': (input) => listInterviewNotes(core, input.interviewId),
    'checklist.record': (input) => recordResult(core, input),
    'checklist.results': (input) => listResults(core, input.auditId, input.releaseId),
    'reports.generate': (input) => issueReport(core, input),
    'reports.start': (input) => startReportBuild(core, input),
    'reports.list': (input) => listReports(core, input.auditId),
    ...audienceHandlers(core),
    'identity.get': () => identities.get(core),
    'identity.list': () => identities.list(core),
    'identity.use': (input) => identities.use(core, input.fingerprint),
    'identity.create': (input) => identities.create(core, input.name, input.role, input.replace),
    'identity.import': (input) => identities.import(core, input.p12Base64, input.passphrase, input.role, input.replace),
    'findings.create': (input) => createFinding(core, input),
    'findings.update': (input) => updateFinding(core, input),
    'findings.transition': (input) => transitionFinding(core, input),
    'findings.discard': (input) => discardFinding(core, input.id),
    'findings.raiseFromResult': (input) => raiseFromResult(core, input.resultId),
    'findings.list': (input) => pageFindings(core, input),
    'findings.get': (input) => getFinding(core, input.id),
    'findings.trends': () => ownerTrends(core),
    'evidence.addFile': (input) => addEvidenceFile(core, input),
    'evidence.chooseFiles': () => chooseEvidenceFiles(core),
    'evidence.addChosen': (input) => addChosenEvidence(core, input),
    'evidence.addText': (input) => addEvidenceText(core, input),
    'evidence.link': (input) => linkEvidence(core, input.evidenceId, { targetType: input.targetType, targetId: input.targetId }),
    'evidence.forTarget': (input) => evidenceForTarget(core, input),
    'evidence.links': (input) => evidenceLinksOf(core, input.evidenceId),
    'evidence.list': (input) => listEvidence(core, input.auditId),
    'evidence.custody': (input) => custodyLog(core, input.evidenceId),
    'system.info': () => ({
      appVersion: core.appVersion,
      schemaVersion: core.schemaVersion,
      dataDir: core.layout.root,
      deviceId: core.deviceId,
      actor: core.actor,
    }),
    'system.verify': (input) => verifyAll(core, { expectHeads: input.expectHeads }),
    'sync.status': () => syncStatus(core),
    'sync.startExport': (input) => startExport(core, input),
    'sync.inspect': (input) => inspectBundle(core, uploadedBundle(core, input.uploadId)),
    'sync.startInspect': (input) => startInspect(core, input),
    'sync.startImport': (input) => startImport(core, input),
    'sync.conflicts': (input) => listConflicts(core, input.auditId),
    'sync.resolve': (input) => resolveConflict(core, input),
    'sync.revokeKey': (input) => {
      revokeKey(core, input.fingerprint);
      return { revoked: true as const };
    },
    'sync.trustKey': (input) => {
      trustKey(core, input.fingerprint);
      return { trusted: true as const };
    },
    ...jobsHandlers(core),
  };
}
