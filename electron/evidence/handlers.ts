import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { chooseEvidenceFiles } from './chosen-files';
import { getEvidence, pageEvidence } from './list';
import { markEvidence } from './marks';
import { addChosenEvidence, addEvidenceFile, addEvidenceText, custodyLog, evidenceForTarget, evidenceLinksOf, linkEvidence } from './service';

export function evidenceHandlers(core: Core): HandlersFor<MethodsOf<'evidence'>> {
  return {
    'evidence.addFile': (input) => addEvidenceFile(core, input),
    'evidence.chooseFiles': () => chooseEvidenceFiles(core),
    'evidence.addChosen': (input) => addChosenEvidence(core, input),
    'evidence.addText': (input) => addEvidenceText(core, input),
    'evidence.link': (input) => linkEvidence(core, input.evidenceId, { targetType: input.targetType, targetId: input.targetId }),
    'evidence.forTarget': (input) => evidenceForTarget(core, input),
    'evidence.links': (input) => evidenceLinksOf(core, input.evidenceId),
    'evidence.list': (input) => pageEvidence(core, input),
    'evidence.get': (input) => getEvidence(core, input.id),
    'evidence.mark': (input) => markEvidence(core, input),
    'evidence.custody': (input) => custodyLog(core, input.evidenceId),
  };
}
