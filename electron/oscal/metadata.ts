import type { Audit } from '../../shared/api/audits';
import { stableUuid } from './ids';
import { OSCAL_VERSION, RA_NS, oscalText, type OscalObject } from './vocabulary';

// The metadata both documents carry: who assessed (the auditor as a party, in the assessor role),
// when the document was written, and which version of the audit it tells.

export interface MetadataInput {
  audit: Audit;
  title: string;
  /** The person exporting: named as the party who prepared the document. */
  actor: string;
  appVersion: string;
  /** When the document is written (ISO time with zone). */
  now: string;
  /** More organisations named in the document (vendor teams of the plan, say), by name. */
  organisations?: string[];
}

/** The UUID of a person or organisation named in a document, the same for the same name. */
export function partyUuid(kind: 'person' | 'organization', name: string): string {
  return stableUuid(`party-${kind}`, name.trim().toLowerCase());
}

export function metadata(input: MetadataInput): OscalObject {
  const auditor = oscalText(input.audit.createdBy, 'Auditor');
  const people = [...new Set([auditor, oscalText(input.actor, auditor)])];
  const organisations = [...new Set((input.organisations ?? []).map((name) => name.trim()).filter((name) => name.length > 0))];
  return {
    title: input.title,
    'last-modified': input.now,
    version: input.audit.finalisedAt ? `final (${input.audit.finalisedAt})` : `working draft (${input.audit.status})`,
    'oscal-version': OSCAL_VERSION,
    props: [
      { name: 'audit-id', ns: RA_NS, value: input.audit.id },
      { name: 'generator', ns: RA_NS, value: `Release Audit ${input.appVersion}` },
    ],
    roles: [
      { id: 'assessor', title: 'Assessor', description: 'The auditor who carried out the release audit.' },
      { id: 'prepared-by', title: 'Prepared by', description: 'The person who exported this document.' },
      ...(organisations.length > 0 ? [{ id: 'assessment-subject', title: 'Assessment subject', description: 'A team or vendor in the scope of the audit.' }] : []),
    ],
    parties: [
      ...people.map((name) => ({ uuid: partyUuid('person', name), type: 'person', name })),
      ...organisations.map((name) => ({ uuid: partyUuid('organization', name), type: 'organization', name })),
    ],
    'responsible-parties': [
      { 'role-id': 'assessor', 'party-uuids': [partyUuid('person', auditor)] },
      { 'role-id': 'prepared-by', 'party-uuids': [partyUuid('person', oscalText(input.actor, auditor))] },
      ...(organisations.length > 0 ? [{ 'role-id': 'assessment-subject', 'party-uuids': organisations.map((name) => partyUuid('organization', name)) }] : []),
    ],
  };
}
