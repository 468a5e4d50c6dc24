import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { inspectBundle } from './import';
import { startExport, startImport, startInspect } from './jobs';
import { listConflicts, resolveConflict, syncStatus } from './service';
import { uploadedBundle } from './transfer';
import { revokeKey, trustKey } from './trust';

export function syncHandlers(core: Core): HandlersFor<MethodsOf<'sync'>> {
  return {
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
  };
}
