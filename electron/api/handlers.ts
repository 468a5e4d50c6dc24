import type { MethodName, MethodOutput, MethodParsedInput } from '../../shared/api/contract';
import { createAudit, getAudit, listAudits } from '../audits/service';
import { addEvidenceFile, custodyLog, listEvidence } from '../evidence/service';
import type { Core } from '../services';
import { verifyAll } from '../system/verify';

// One small handler per contract method; the logic lives in the domain services.
// The mapped type makes a missing handler a compile error.

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export function createHandlers(core: Core): Handlers {
  return {
    'audits.create': (input) => createAudit(core, input),
    'audits.list': () => listAudits(core),
    'audits.get': (input) => getAudit(core, input.id),
    'evidence.addFile': (input) => addEvidenceFile(core, input),
    'evidence.list': (input) => listEvidence(core, input.auditId),
    'evidence.custody': (input) => custodyLog(core, input.evidenceId),
    'system.info': () => ({
      appVersion: core.appVersion,
      schemaVersion: core.schemaVersion,
      dataDir: core.layout.root,
      deviceId: core.deviceId,
      actor: core.actor,
    }),
    'system.verify': () => verifyAll(core),
  };
}
