import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { releaseTests } from './release-tests';
import { getTestSettings, saveTestSettings } from './settings';
import { listSignOffs, signOffTests } from './signoffs';

export function testingHandlers(core: Core): HandlersFor<MethodsOf<'testing'>> {
  return {
    'testing.settings': (input) => getTestSettings(core, input.auditId),
    'testing.saveSettings': (input) => saveTestSettings(core, input),
    'testing.signOff': (input) => signOffTests(core, input),
    'testing.signOffs': (input) => listSignOffs(core, input),
    'testing.release': (input) => releaseTests(core, input.releaseId),
  };
}
