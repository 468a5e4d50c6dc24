import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { confirmDraft, dismissDraft, listDrafts, runRules } from './drafts';
import { diffPackVersions, getPack, getPackVersion, listPacks, packVersions, pinPack, pinnedPack, savePackVersion } from './packs';

export function ruleHandlers(core: Core): HandlersFor<MethodsOf<'rules'>> {
  return {
    'rules.listPacks': () => listPacks(core),
    'rules.getPack': (input) => getPack(core, input.id),
    'rules.versions': (input) => packVersions(core, input.packId),
    'rules.getVersion': (input) => getPackVersion(core, input.id),
    'rules.saveVersion': (input) => savePackVersion(core, input),
    'rules.diff': (input) => diffPackVersions(core, input.fromVersionId, input.toVersionId),
    'rules.pin': (input) => pinPack(core, input.auditId, input.packVersionId),
    'rules.pinned': (input) => pinnedPack(core, input.auditId),
    'rules.run': (input) => runRules(core, input.auditId, input.releaseId),
    'rules.drafts': (input) => listDrafts(core, input),
    'rules.confirm': (input) => confirmDraft(core, input.id),
    'rules.dismiss': (input) => dismissDraft(core, input.id, input.reason),
  };
}
