import { maturityAssessments, maturityJudgements, maturityModels, maturityModelVersions } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the maturity domain, as the registry knows them (see ARCHITECTURE.md).

export const maturityRecords = [
  { entity: 'maturity_models', table: maturityModels, owner: 'library', freezes: false, appendOnly: false, noun: 'maturity model' },
  {
    entity: 'maturity_model_versions',
    table: maturityModelVersions,
    owner: 'library',
    freezes: false,
    appendOnly: true,
    // A published version never changes: a new one is published instead.
    refuses: ['update', 'delete'],
    references: { modelId: { entity: 'maturity_models' } },
    noun: 'maturity model version',
  },
  {
    entity: 'maturity_assessments',
    table: maturityAssessments,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: true,
    // The version an assessment pinned is part of what it says: it is never changed nor taken away.
    refuses: ['update', 'delete'],
    references: { modelId: { entity: 'maturity_models' }, modelVersionId: { entity: 'maturity_model_versions' } },
    noun: 'maturity assessment',
  },
  {
    entity: 'maturity_judgements',
    table: maturityJudgements,
    owner: { field: 'assessmentId', entity: 'maturity_assessments' },
    freezes: true,
    appendOnly: false,
    references: { assessmentId: { entity: 'maturity_assessments' }, evidenceIds: { entity: 'evidence' } },
    values: { status: ['met', 'not-met', 'not-assessed'] },
    conflictLabel: "SELECT 'maturity criterion ' || criterion_id AS label FROM maturity_judgements WHERE id = ?",
    noun: 'maturity judgement',
  },
] as const satisfies readonly RecordKind[];
