import { auditRulePins, ruleDrafts, rulePackVersions, rulePacks } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the rules domain, as the registry knows them (see ARCHITECTURE.md). Packs and their
// versions are the library's (every audit may pin one); pins and drafts belong to an audit.

export const ruleRecords = [
  { entity: 'rule_packs', table: rulePacks, owner: 'library', freezes: false, appendOnly: false, noun: 'rule pack' },
  {
    entity: 'rule_pack_versions',
    table: rulePackVersions,
    owner: 'library',
    freezes: false,
    appendOnly: true,
    // A published version never changes: a new one is saved instead.
    refuses: ['update', 'delete'],
    references: { packId: { entity: 'rule_packs' } },
    noun: 'rule pack version',
  },
  {
    entity: 'audit_rule_pins',
    table: auditRulePins,
    // One pin per audit, with the audit's id.
    owner: 'self',
    freezes: true,
    appendOnly: false,
    references: { packVersionId: { entity: 'rule_pack_versions' } },
    noun: 'rule pack pin',
    conflictLabel: "SELECT 'rule pack of “' || substr(name, 1, 80) || '”' AS label FROM audits WHERE id = ?",
  },
  {
    entity: 'rule_drafts',
    table: ruleDrafts,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    refuses: ['delete'],
    references: {
      releaseId: { entity: 'releases' },
      packVersionId: { entity: 'rule_pack_versions' },
      controlId: { entity: 'controls' },
      findingId: { entity: 'findings' },
    },
    noun: 'drafted finding',
    conflictFields: ['state', 'dismissReason', 'findingId', 'decidedAt', 'decidedBy'],
    values: { state: ['draft', 'confirmed', 'dismissed'] },
  },
] as const satisfies readonly RecordKind[];
