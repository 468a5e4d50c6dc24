import { v5 as uuidv5 } from 'uuid';

// OSCAL names every object by UUID. The same record must carry the same UUID in every export (so a
// GRC tool that imported an earlier export recognises it), so each is a UUID v5 of the record's own id
// under one fixed namespace of this app: never random, never time-based.

/** The fixed namespace of Release Audit's OSCAL UUIDs. Changing it would renumber every export. */
export const OSCAL_UUID_NAMESPACE = '6f1d3c52-8e0b-4c4e-9a57-2f4b8d0e7a11';

/** The stable UUID of one record as an OSCAL object of a given kind ("observation", "finding" …). */
export function stableUuid(kind: string, recordId: string): string {
  return uuidv5(`${kind}:${recordId}`, OSCAL_UUID_NAMESPACE);
}
