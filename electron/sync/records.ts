import * as schema from '../db/schema';
import type { LocalTable, RecordKind } from '../registry/types';

// The records of the sync domain, as the registry knows them (see ARCHITECTURE.md): the decisions
// on conflicts travel; the rest is this laptop's own bookkeeping of what it has seen and trusts.

export const syncRecords = [
  {
    entity: 'conflict_resolutions',
    table: schema.conflictResolutions,
    // Null for a conflict over a library record.
    owner: { field: 'auditId', entity: 'audits' },
    freezes: false,
    appendOnly: true,
    // Two people settling one conflict differently is itself a conflict, over the decision.
    conflictFields: ['decision'],
    values: { decision: ['keep', 'swap', 'combine'] },
    noun: 'decision on a conflict',
  },
] as const satisfies readonly RecordKind[];

const log = ['update', 'delete'] as const;

export const syncLocalTables: LocalTable[] = [
  { table: schema.ledgerStubs, local: 'the places in other devices’ chains of entries this laptop does not hold', refuses: log },
  { table: schema.syncSeen, local: 'what this laptop has seen of each device' },
  { table: schema.syncPeerSeen, local: 'what each peer said it has seen' },
  { table: schema.syncPeers, local: 'the laptops this one has exchanged bundles with' },
  { table: schema.trustedKeys, local: 'the keys trusted on this laptop' },
  { table: schema.syncImports, local: 'the bundles imported here' },
  { table: schema.syncConflicts, local: 'the conflicts, derived from the ledger' },
  { table: schema.deviceKeys, local: 'which key signed for which device', refuses: log },
  { table: schema.trustLog, local: 'the log of trust decisions made here', refuses: log },
  { table: schema.syncReceived, local: 'what each bundle brought' },
  { table: schema.syncForks, local: 'chains found to fork', refuses: log },
];
