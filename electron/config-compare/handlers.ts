import type { HandlersFor, MethodsOf } from '../common/handlers';
import { uploadedImport } from '../imports/inbox';
import { afterImport } from '../intake/after-import';
import type { Core } from '../services';
import { defaultIgnores } from './policy';
import { compareForAudit, driftForAudit, ignoreListOf, setIgnoreList } from './service';
import type { ComparedFile } from './store';

// The config.* methods: files come from the import inbox by upload id, never by a path from the page.

function uploaded(core: Core, uploadId: string, role: string): ComparedFile {
  const { file, name } = uploadedImport(core, uploadId);
  return { file, name, role };
}

export function configHandlers(core: Core): HandlersFor<MethodsOf<'config'>> {
  return {
    'config.ignoreList': (input) => ({ ...ignoreListOf(core, input.auditId), defaults: [...defaultIgnores] }),
    'config.setIgnoreList': (input) => ({ ...setIgnoreList(core, input.auditId, input.patterns), defaults: [...defaultIgnores] }),
    'config.compare': async (input) => {
      const target = { auditId: input.auditId, releaseId: input.releaseId };
      const result = await compareForAudit(core, target, uploaded(core, input.a, 'A'), uploaded(core, input.b, 'B'));
      const outcome = await afterImport(core, result.outcome, { index: 'background' });
      return { importId: outcome.import.id, evidenceId: outcome.import.evidenceId, alreadyImported: outcome.alreadyImported, drafted: outcome.drafted, notes: outcome.notes, a: result.a, b: result.b, ignores: result.ignores, differences: result.differences.map((d) => ({ ...d })) };
    },
    'config.drift': async (input) => {
      const target = { auditId: input.auditId, releaseId: input.releaseId };
      const files = {
        desired: uploaded(core, input.desired, 'desired state'),
        before: input.before === null ? null : uploaded(core, input.before, 'live state before'),
        after: uploaded(core, input.after, 'live state after'),
      };
      const result = await driftForAudit(core, target, files);
      const outcome = await afterImport(core, result.outcome, { index: 'background' });
      return { importId: outcome.import.id, evidenceId: outcome.import.evidenceId, alreadyImported: outcome.alreadyImported, drafted: outcome.drafted, notes: outcome.notes, changes: result.changes };
    },
  };
}
