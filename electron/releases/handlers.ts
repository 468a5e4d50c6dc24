import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { releaseVersions } from './versions';
import { createRelease, getRelease, listReleases, saveComponents, saveRunbook, saveTickets, updateRelease } from './service';

export function releaseHandlers(core: Core): HandlersFor<MethodsOf<'releases'>> {
  return {
    'releases.create': (input) => createRelease(core, input),
    'releases.list': (input) => listReleases(core, input.auditId),
    'releases.get': (input) => getRelease(core, input.id),
    'releases.update': (input) => updateRelease(core, input),
    'releases.saveTickets': (input) => saveTickets(core, input.releaseId, input.tickets),
    'releases.saveRunbook': (input) => saveRunbook(core, input.releaseId, input.steps),
    'releases.saveComponents': (input) => saveComponents(core, input.releaseId, input.components),
    'releases.versions': (input) => releaseVersions(core, input.releaseId),
  };
}
