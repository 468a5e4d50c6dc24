import { changeTickets, releaseComponents, releases, runbookSteps } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the releases domain, as the registry knows them (see ARCHITECTURE.md).

const ofRelease = { field: 'releaseId', entity: 'releases' } as const;

export const releaseRecords = [
  {
    entity: 'releases',
    table: releases,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    linkTarget: { type: 'release', label: "SELECT 'release ' || identifier AS label FROM releases WHERE id = ?" },
    noun: 'release',
    combine: { method: 'releases.update', idKey: 'id' },
  },
  { entity: 'change_tickets', table: changeTickets, owner: ofRelease, freezes: true, appendOnly: false, noun: 'change ticket' },
  { entity: 'runbook_steps', table: runbookSteps, owner: ofRelease, freezes: true, appendOnly: false, noun: 'runbook step' },
  { entity: 'release_components', table: releaseComponents, owner: ofRelease, freezes: true, appendOnly: false, noun: 'component' },
] as const satisfies readonly RecordKind[];
