import type { LicenceLists } from '../../shared/api/licences';
import type { AuditSettingsReader, Deriver } from '../rules/derivers';
import { defaultLicencePolicy } from './default-policy';
import { licenceListsOf } from './service';
import { licenceVerdict } from './verdict';

// What the rules know about an SBOM component beyond the fact: its licence verdict under the
// audit's policy (`audit.licencePolicy`, read by the settings reader below) and why.

export const readLicencePolicy: AuditSettingsReader = (core, auditId) => ({ licencePolicy: licenceListsOf(core, auditId) });

export const deriveLicence: Deriver = (fact, _facts, _release, context) => {
  if (fact.data.kind !== 'sbom-component') return {};
  const policy = (context.audit?.licencePolicy as LicenceLists | undefined) ?? defaultLicencePolicy;
  const component = fact.data;
  const { verdict, reason } = licenceVerdict(component.licence, policy);
  const label = `${component.group ? `${component.group}/` : ''}${component.name}${component.version ? ` ${component.version}` : ''}`;
  return { licenceVerdict: verdict, reason, component: label, purl: component.purl ?? '(no purl)', licence: component.licence.expression ?? '(none declared)' };
};
