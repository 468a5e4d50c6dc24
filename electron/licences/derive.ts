import type { Fact } from '../../shared/api/imports';
import type { LicenceLists } from '../../shared/api/licences';
import type { Core } from '../services';
import { defaultLicencePolicy } from './default-policy';
import { licenceListsOf } from './service';
import { licenceVerdict } from './verdict';

// What the rules know about an SBOM component beyond the fact: its licence verdict under the
// audit's policy (`audit.licencePolicy`, read by the settings reader below) and why. Typed by their
// shape, not by the rules' types: the rules list these (rules/derivers.ts), so this folder may not import rules/.

type Scope = Record<string, unknown>;

export const readLicencePolicy = (core: Core, auditId: string): Scope => ({ licencePolicy: licenceListsOf(core, auditId) });

export const deriveLicence = (fact: { data: Fact }, _facts: unknown, _release: unknown, context: { audit?: Scope }): Scope => {
  if (fact.data.kind !== 'sbom-component') return {};
  const policy = (context.audit?.licencePolicy as LicenceLists | undefined) ?? defaultLicencePolicy;
  const component = fact.data;
  const { verdict, reason } = licenceVerdict(component.licence, policy);
  const label = `${component.group ? `${component.group}/` : ''}${component.name}${component.version ? ` ${component.version}` : ''}`;
  return { licenceVerdict: verdict, reason, component: label, purl: component.purl ?? '(no purl)', licence: component.licence.expression ?? '(none declared)' };
};
