import type { MethodName, MethodOutput } from '../../shared/api/contract';
import { auditHandlers } from '../audits/handlers';
import { getAudit } from '../audits/service';
import { checklistHandlers } from '../checklist/handlers';
import type { HandlersFor } from '../common/handlers';
import { escalationHandlers } from '../escalation/handlers';
import { evidenceHandlers } from '../evidence/handlers';
import { findingHandlers } from '../findings/handlers';
import { identityHandlers } from '../identity/handlers';
import { interviewHandlers } from '../interviews/handlers';
import { libraryHandlers } from '../library/handlers';
import { planHandlers } from '../plans/handlers';
import { releaseHandlers } from '../releases/handlers';
import { issueReport } from '../reports/archive';
import { reportHandlers } from '../reports/handlers';
import type { Core } from '../services';
import { systemHandlers } from '../system/handlers';
import { Jobs } from '../jobs/jobs';
import { warroomHandlers } from '../warroom/handlers';
import { exportBundle } from '../sync/export';
import { syncHandlers } from '../sync/handlers';
import { importBundle, inspectBundle } from '../sync/import';
import { findPeer } from '../sync/peers';
import { bundleFileName, exportSlot, uploadedBundle } from '../sync/transfer';
import { ensureDefaultTemplate } from '../templates/service';
import { templateHandlers } from '../templates/handlers';

// Every contract method's handler: the merge of the slices each domain exports from its own
// handlers.ts (one line per domain). The type makes a missing handler a compile error.

export type Handlers = HandlersFor<MethodName>;

const jobRegistries = new WeakMap<Core, Jobs>();
function jobsFor(core: Core): Jobs {
  let jobs = jobRegistries.get(core);
  if (!jobs) jobRegistries.set(core, (jobs = new Jobs()));
  return jobs;
}

export function createHandlers(core: Core): Handlers {
  ensureDefaultTemplate(core);
  return handlersOf(core);
}

/** The handlers alone, without the first start's work: for a service that calls a method the registry names. */
export function handlersOf(core: Core): Handlers {
  return {
    ...auditHandlers(core),
    ...planHandlers(core),
    ...releaseHandlers(core),
    ...escalationHandlers(core),
    ...libraryHandlers(core),
    ...templateHandlers(core),
    ...warroomHandlers(core),
    ...interviewHandlers(core),
    ...checklistHandlers(core),
    ...findingHandlers(core),
    ...evidenceHandlers(core),
    ...identityHandlers(core),
    ...reportHandlers(core),
    ...systemHandlers(core),
    ...syncHandlers(core),
    ...jobHandlers(core),
  };
}

/** The methods that start background work and follow it. */
type JobMethods = 'reports.start' | 'reports.progress' | 'sync.startExport' | 'sync.exportProgress' | 'sync.startInspect' | 'sync.inspectProgress' | 'sync.startImport' | 'sync.importProgress' | 'sync.cancel';

function jobHandlers(core: Core): HandlersFor<JobMethods> {
  const jobs = jobsFor(core);
  return {
    'reports.start': (input) => {
      getAudit(core, input.auditId);
      return { jobId: jobs.start((progress) => issueReport(core, input, progress)) };
    },
    'reports.progress': (input) => jobs.status(input.jobId) as MethodOutput<'reports.progress'>,
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
  };
}
