import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { getAssessment, judgeCriterion, maturityHistory } from './assessment';
import { diffModelVersions, exportModel, getModelVersion, listModels, publishModel, saveModelDraft } from './service';

export function maturityHandlers(core: Core): HandlersFor<MethodsOf<'maturity'>> {
  return {
    'maturity.models': () => listModels(core),
    'maturity.saveDraft': (input) => saveModelDraft(core, input),
    'maturity.publish': (input) => publishModel(core, input),
    'maturity.version': (input) => getModelVersion(core, input.id),
    'maturity.export': (input) => exportModel(core, input),
    'maturity.diff': (input) => diffModelVersions(core, input.fromVersionId, input.toVersionId),
    'maturity.assessment': (input) => getAssessment(core, input.auditId, input.modelId),
    'maturity.judge': (input) => judgeCriterion(core, input),
    'maturity.history': (input) => maturityHistory(core, input.modelId),
  };
}
