import * as schema from '../db/schema';
import type { LocalTable, RecordKind } from '../registry/types';
import { memberRoles } from '../../shared/api/hub';

// The records of the team hub, as the registry knows them (see ARCHITECTURE.md): an audit's members
// are written by the hub alone (a hub refuses them from any laptop) and travel to the laptops in
// the hub's bundles; the connection to the hub is this laptop's own.

export const hubRecords = [
  {
    entity: 'audit_members',
    table: schema.auditMembers,
    owner: { field: 'auditId', entity: 'audits' },
    // The CAB can be added as viewers after the audit is finalised.
    freezes: false,
    appendOnly: false,
    writtenBy: 'hub',
    values: { role: memberRoles },
    noun: 'audit member',
  },
] as const satisfies readonly RecordKind[];

export const hubLocalTables: LocalTable[] = [{ table: schema.hubConnection, local: "this laptop's connection to its team hub" }];
