import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { acceptProposal, declineProposal, draftReason, listProposals } from './service';

export function proposalHandlers(core: Core): HandlersFor<MethodsOf<'proposals'>> {
  return {
    'proposals.list': () => listProposals(core),
    'proposals.accept': (input) => acceptProposal(core, input),
    'proposals.decline': (input) => declineProposal(core, input),
    'proposals.draftReason': (input) => draftReason(core, input.templateId),
  };
}
