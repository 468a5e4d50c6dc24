import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import {
  createCalibrationSession,
  guidanceOf,
  listCalibrationSessions,
  needsOfFinding,
  removeTrainingNeed,
  saveCalibrationSession,
  saveTrainingNeed,
  tagTrainingNeed,
  trainingPlan,
} from './service';

export function trainingHandlers(core: Core): HandlersFor<MethodsOf<'training'>> {
  return {
    'training.tagNeed': (input) => tagTrainingNeed(core, input),
    'training.saveNeed': (input) => saveTrainingNeed(core, input),
    'training.removeNeed': (input) => removeTrainingNeed(core, input.id),
    'training.needsOfFinding': (input) => needsOfFinding(core, input.findingId),
    'training.plan': (input) => trainingPlan(core, input.auditId),
    'training.createSession': (input) => createCalibrationSession(core, input),
    'training.saveSession': (input) => saveCalibrationSession(core, input),
    'training.sessions': () => listCalibrationSessions(core),
    'training.guidance': (input) => guidanceOf(core, input.controlId, input.on),
  };
}
