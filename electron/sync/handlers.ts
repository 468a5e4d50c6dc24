import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { inspectBundle } from './import';
import { listConflicts, resolveConflict, syncStatus } from './service';
import { uploadedBundle } from './transfer';
import { revokeKey, trustKey } from './trust';

type JobMethods = 'sync.startExport' | 'sync.exportProgress' | 'sync.startInspect' | 'sync.inspectProgress' | 'sync.startImport' | 'sync.importProgress' | 'sync.cancel';

export function syncHandlers(core: Core): HandlersFor<Exclude<MethodsOf<'sync'>, JobMethods>> {
  return {
    'sync.status': () => syncStatus(core),
    'sync.inspect': (input) => inspectBundle(core, uploadedBundle(core, input.uploadId)),
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
