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
import { verifyAll } from '../system/verify';
import { Jobs } from '../jobs/jobs';
import { addEntry, warRoomBoard } from '../warroom/service';
import { exportBundle } from '../sync/export';
import { importBundle, inspectBundle } from '../sync/import';
import { findPeer } from '../sync/peers';
import { listConflicts, resolveConflict, syncStatus } from '../sync/service';
import { bundleFileName, exportSlot, uploadedBundle } from '../sync/transfer';
import { revokeKey, trustKey } from '../sync/trust';
import {
  createTemplate,
  diffVersions,
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

const jobRegistries = new WeakMap<Core, Jobs>();
function jobsFor(core: Core): Jobs {
  let jobs = jobRegistries.get(core);
  if (!jobs) jobRegistries.set(core, (jobs = new Jobs()));
  return jobs;
}

/** The handlers of one core: building them reads and writes nothing (the database is seeded where it is opened). */
export function createHandlers(core: Core): Handlers {
  return handlersOf(core);
}

/** The handlers alone, without the first start's work: for a service that calls a method the registry names. */
export function handlersOf(core: Core): Handlers {
  const jobs = jobsFor(core);
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
    'reports.start': (input) => {
      getAudit(core, input.auditId);
      return { jobId: jobs.start((progress) => issueReport(core, input, progress)) };
    },
    'reports.progress': (input) => jobs.status(input.jobId) as MethodOutput<'reports.progress'>,
    'reports.list': (input) => listReports(core, input.auditId),
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
    'sync.startExport': (input) => {
      const audit = getAudit(core, input.auditId);
      const slot = exportSlot(core);
      const peer = input.forPeer ? findPeer(core, input.forPeer) : null;
      const out = `${slot.dir}/${bundleFileName(audit.name, core.actor, peer?.actor ?? null)}`;
      return {
        jobId: jobs.start(async (progress, signal) => {
          const result = await exportBundle(core, { auditId: input.auditId, out, forPeer: input.forPeer }, progress, signal);
          return { ...result, downloadId: slot.downloadId, fileName: out.slice(slot.dir.length + 1) };
        }),
      };
    },
    'sync.exportProgress': (input) => jobs.status(input.jobId) as MethodOutput<'sync.exportProgress'>,
    'sync.inspect': (input) => inspectBundle(core, uploadedBundle(core, input.uploadId)),
    'sync.startInspect': (input) => {
      const file = uploadedBundle(core, input.uploadId);
      return { jobId: jobs.start((progress, signal) => inspectBundle(core, file, { signal }, progress)) };
    },
    'sync.inspectProgress': (input) => jobs.status(input.jobId) as MethodOutput<'sync.inspectProgress'>,
    'sync.startImport': (input) => {
      const file = uploadedBundle(core, input.uploadId);
      return {
        jobId: jobs.start((progress, signal) => importBundle(core, file, { signal, ...(input.trustFingerprint ? { trustFingerprint: input.trustFingerprint } : {}) }, progress)),
      };
    },
    'sync.importProgress': (input) => jobs.status(input.jobId) as MethodOutput<'sync.importProgress'>,
    'sync.cancel': (input) => {
      jobs.cancel(input.jobId);
      return { cancelling: true as const };
    },
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
  };
}
