import type { Fact } from '../../shared/api/imports';
import { deriveLicence, readLicencePolicy } from '../licences/derive';
import type { PackContent } from '../../shared/api/rules';
import type { Core } from '../services';
import type { EvalContext, StoredFact } from './evaluate';
import type { Scope } from './language';

// What a rule can know about a fact beyond what the fact says, for the kinds of fact whose domain
// adds it (SBOM components, vulnerabilities, tests, scans, configuration differences): each domain
// declares its derivers and its settings reader in its own file, and they are listed here once
// (an import line and an entry each). The pipeline kinds (run, host-status, analysis-metric,
// commit) are worked out in evaluate.ts.

export type Deriver = (fact: StoredFact, facts: StoredFact[], release: Scope, context: EvalContext, params: PackContent['parameters']) => Scope;

export const derivers: Partial<Record<Fact['kind'], Deriver>> = {
  'sbom-component': deriveLicence,
};

/** What an audit's own settings say to the rules (`audit.*` in a rule): each domain adds a reader of its settings here. */
export type AuditSettingsReader = (core: Core, auditId: string) => Scope;

export const auditSettingsReaders: AuditSettingsReader[] = [
  readLicencePolicy,
];

export function auditSettingsOf(core: Core, auditId: string): Scope {
  return Object.assign({}, ...auditSettingsReaders.map((read) => read(core, auditId))) as Scope;
}
