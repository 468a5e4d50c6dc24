import type { Fact } from '../../shared/api/imports';
import { emergencyShareSettings } from '../kpis/emergency';
import { deriveLicence, readLicencePolicy } from '../licences/derive';
import type { PackContent } from '../../shared/api/rules';
import { deriveReleaseVersions } from '../releases/versions-derived';
import { versionFactKinds } from '../releases/versions';
import type { Core } from '../services';
import { deriveReleaseSmoke, deriveScanResult, deriveTestFailure, deriveTestSuite, deriveTestTotals, releaseSmokeKinds } from '../testing/derivers';
import { auditTestSettings } from '../testing/settings';
import type { EvalContext, StoredFact } from './types';
import { deriveVulnerability } from '../vulnerabilities/deriver';
import type { Scope } from './language';

// What a rule can know about a fact beyond what the fact says, for the kinds of fact whose domain
// adds it (SBOM components, vulnerabilities, tests, scans, configuration differences): each domain
// declares its derivers and its settings reader in its own file, and they are listed here once
// (an import line and an entry each). The pipeline kinds (run, host-status, analysis-metric,
// commit) are worked out in evaluate.ts.

export type Deriver = (fact: StoredFact, facts: StoredFact[], release: Scope, context: EvalContext, params: PackContent['parameters']) => Scope;

export const derivers: Partial<Record<Fact['kind'], Deriver>> = {
  'test-failure': deriveTestFailure,
  'test-suite': deriveTestSuite,
  'test-totals': deriveTestTotals,
  'scan-result': deriveScanResult,
  vulnerability: (fact, facts) => deriveVulnerability(fact, facts),
  'sbom-component': deriveLicence,
};

/** What an audit's own settings say to the rules (`audit.*` in a rule): each domain adds a reader of its settings here. */
export type AuditSettingsReader = (core: Core, auditId: string) => Scope;

export const auditSettingsReaders: AuditSettingsReader[] = [
  auditTestSettings,
  readLicencePolicy,
  emergencyShareSettings,
];

export function auditSettingsOf(core: Core, auditId: string): Scope {
  return Object.assign({}, ...auditSettingsReaders.map((read) => read(core, auditId))) as Scope;
}

/** What a rule `for: release` knows beyond the release's view (`derived.*`), from the release's facts of the kinds it names: each domain adds one entry. */
export type ReleaseDeriver = (facts: StoredFact[], release: Scope, context: EvalContext) => Scope;

export const releaseDerivers: Array<{ kinds: readonly Fact['kind'][]; derive: ReleaseDeriver }> = [
  { kinds: releaseSmokeKinds, derive: deriveReleaseSmoke },
  { kinds: versionFactKinds, derive: deriveReleaseVersions },
];

export function releaseDerivedOf(facts: StoredFact[], release: Scope, context: EvalContext): Scope {
  return Object.assign({}, ...releaseDerivers.map((d) => d.derive(facts, release, context))) as Scope;
}
