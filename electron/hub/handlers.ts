import { AppError } from '../../shared/api/errors';
import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { connectHub, disconnectHub, getConnection, lookUpHub, membersOf, setBackground } from './connection';
import { runningHubSync, startHubSync } from './sync-job';

// The laptop's side of the team hub as API methods (shared/api/hub-sync.ts): look up, connect, sync.

export function hubHandlers(core: Core): HandlersFor<MethodsOf<'hub'>> {
  return {
    'hub.status': (input) => ({ connection: getConnection(core), running: runningHubSync(core), members: input.auditId ? membersOf(core, input.auditId) : [] }),
    'hub.probe': (input) => lookUpHub(input.url),
    'hub.connect': (input) => connectHub(core, input),
    'hub.disconnect': () => {
      if (runningHubSync(core)) throw new AppError('CONFLICT', 'A sync with the hub is running: let it finish (or cancel it) before disconnecting.');
      disconnectHub(core);
      return { disconnected: true as const };
    },
    'hub.setBackground': (input) => setBackground(core, input.enabled),
    'hub.sync': () => startHubSync(core).handle,
  };
}
