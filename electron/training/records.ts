import { calibrationSessions, trainingNeeds } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the training domain, as the registry knows them (see ARCHITECTURE.md). A training
// need belongs to its finding's audit and freezes with it. A calibration session belongs to no audit:
// its agreed interpretations guide every later audit, like the control library they interpret.

export const trainingRecords = [
  {
    entity: 'training_needs',
    table: trainingNeeds,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    references: { findingId: { entity: 'findings', dependent: true } },
    noun: 'training need',
    values: {
      role: ['release-engineer', 'change-manager', 'cab-member', 'developer', 'operations', 'other'],
      status: ['planned', 'scheduled', 'delivered'],
    },
  },
  {
    entity: 'calibration_sessions',
    table: calibrationSessions,
    owner: 'library',
    freezes: false,
    appendOnly: false,
    references: { controlIds: { entity: 'controls' } },
    noun: 'calibration session',
  },
] as const satisfies readonly RecordKind[];
