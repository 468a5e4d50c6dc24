import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { verifyAll } from './verify';

export function systemHandlers(core: Core): HandlersFor<MethodsOf<'system'>> {
  return {
    'system.info': () => ({
      appVersion: core.appVersion,
      schemaVersion: core.schemaVersion,
      dataDir: core.layout.root,
      deviceId: core.deviceId,
      actor: core.actor,
    }),
    'system.verify': (input) => verifyAll(core, { expectHeads: input.expectHeads }),
  };
}
