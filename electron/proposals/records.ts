import { templateProposalDecisions } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the proposals domain, as the registry knows them (see ARCHITECTURE.md). A decision
// belongs to the library, like the template it is about, so it travels with every bundle.

export const proposalRecords = [
  {
    entity: 'template_proposal_decisions',
    table: templateProposalDecisions,
    owner: 'library',
    freezes: false,
    appendOnly: true,
    // A decision is kept as made: deciding again is not offered.
    refuses: ['update', 'delete'],
    references: { templateId: { entity: 'checklist_templates' } },
    noun: 'template proposal decision',
    values: { kind: ['new-item', 'stronger-wording', 'new-control-point'], decision: ['accepted', 'declined'] },
  },
] as const satisfies readonly RecordKind[];
