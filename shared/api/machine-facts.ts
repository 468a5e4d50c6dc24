import { z } from 'zod';
import { sourced, Time } from './fact-base';

// The facts of machine evidence beyond pipelines: SBOMs and their components, vulnerabilities and VEX
// decisions, configuration differences and drift. Part of the Fact union in imports.ts.

/** An SBOM document: its format and version, what it describes (the root component) and who made it. */
export const SbomDocumentFact = z.object({
  kind: z.literal('sbom-document'),
  ...sourced,
  format: z.enum(['cyclonedx', 'spdx']),
  /** The specification version the file declares (CycloneDX "1.5", SPDX "SPDX-2.3"). */
  specVersion: z.string(),
  encoding: z.enum(['json', 'xml', 'tag-value']),
  /** CycloneDX serialNumber or SPDX documentNamespace. */
  serial: z.string().nullable(),
  /** The root component (CycloneDX metadata.component, SPDX the package the document DESCRIBES), else the document's name. */
  name: z.string().nullable(),
  version: z.string().nullable(),
  purl: z.string().nullable(),
  created: Time,
  /** The tools that wrote the SBOM ("syft 1.4.1"). */
  tools: z.array(z.string()),
  components: z.number().int().nonnegative(),
});

/** A component's licence as the SBOM declares it, parsed as an SPDX expression. */
export const ComponentLicence = z.object({
  /** The expression as written (a CycloneDX list of licences is joined with AND), null when none is declared. */
  expression: z.string().nullable(),
  /** The SPDX licence ids (and LicenseRef-… ids) the expression names. */
  ids: z.array(z.string()),
  /** Whether the expression parsed with an SPDX expression parser; false with the reason in problem. */
  valid: z.boolean(),
  problem: z.string().nullable(),
  /** SPDX NOASSERTION / NONE, or a CycloneDX licence given only by name. */
  assertion: z.enum(['declared', 'noassertion', 'none', 'name-only']),
});

/** One component listed in an SBOM. */
export const SbomComponentFact = z.object({
  kind: z.literal('sbom-component'),
  ...sourced,
  /** CycloneDX bom-ref or SPDX SPDXID: what dependencies and VEX statements name it by. */
  ref: z.string().nullable(),
  name: z.string(),
  group: z.string().nullable(),
  version: z.string().nullable(),
  purl: z.string().nullable(),
  /** library, application, framework, container, operating-system, file… (CycloneDX type, SPDX primaryPackagePurpose). */
  type: z.string().nullable(),
  supplier: z.string().nullable(),
  licence: ComponentLicence,
  /** Algorithm (SHA-256, SHA-1, MD5…) to hex digest. */
  hashes: z.record(z.string(), z.string()),
  /** The refs of the components it depends on (CycloneDX dependencies, SPDX DEPENDS_ON relationships). */
  dependsOn: z.array(z.string()),
  /** required, optional, excluded (CycloneDX scope), or null. */
  scope: z.string().nullable(),
});

export const vulnerabilitySeverities = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;

/** A known vulnerability of a component: from the SBOM itself, a VEX document, or the offline OSV database. */
export const VulnerabilityFact = z.object({
  kind: z.literal('vulnerability'),
  ...sourced,
  /** CVE-…, GHSA-…, OSV id. */
  id: z.string(),
  aliases: z.array(z.string()),
  source: z.enum(['sbom', 'vex', 'osv']),
  severity: z.enum(vulnerabilitySeverities),
  /** CVSS base score and vector where given. */
  score: z.number().nullable(),
  vector: z.string().nullable(),
  /** The components it affects, by ref and/or purl (with the version the component has). */
  affects: z.array(z.object({ ref: z.string().nullable(), purl: z.string().nullable(), name: z.string().nullable(), version: z.string().nullable() })),
  /** Versions that fix it, where known. */
  fixedIn: z.array(z.string()),
  summary: z.string().nullable(),
  published: Time,
});

/** CycloneDX analysis states and OpenVEX statuses, as each format spells them. */
export const vexStates = ['resolved', 'resolved_with_pedigree', 'exploitable', 'in_triage', 'false_positive', 'not_affected', 'affected', 'fixed', 'under_investigation'] as const;

/** A VEX decision on a vulnerability for some products (CycloneDX vulnerabilities[].analysis, or an OpenVEX statement). */
export const VexStatementFact = z.object({
  kind: z.literal('vex-statement'),
  ...sourced,
  format: z.enum(['cyclonedx', 'openvex']),
  vulnerability: z.string(),
  aliases: z.array(z.string()),
  /** The products (components) it speaks of: purls or bom-refs. */
  products: z.array(z.string()),
  state: z.enum(vexStates),
  /** CycloneDX analysis.justification or OpenVEX justification (component_not_present, code_not_reachable…). */
  justification: z.string().nullable(),
  /** CycloneDX analysis.response (can_not_fix, will_not_fix, update, rollback, workaround_available). */
  response: z.array(z.string()),
  /** CycloneDX analysis.detail, OpenVEX impact_statement or action_statement. */
  detail: z.string().nullable(),
  at: Time,
  author: z.string().nullable(),
});

export const configImpacts = ['security', 'image', 'version', 'resources', 'feature-flag', 'none'] as const;

/** One path where two environments' configuration files differ (a secret's values are never stored, only masked). */
export const ConfigDifferenceFact = z.object({
  kind: z.literal('config-difference'),
  /** Its line in the comparison document kept as the import's evidence. */
  ...sourced,
  /** `spec.template.spec.containers[name=api].image`; `{Kind/name}.…` in a multi-document file. */
  path: z.string(),
  a: z.string().nullable(),
  b: z.string().nullable(),
  change: z.enum(['added', 'removed', 'changed', 'type-changed']),
  impact: z.enum(configImpacts),
  /** Why the impact matters, in plain words (null when it has none). */
  reason: z.string().nullable(),
  /** The audit's ignore list covers it (by ignoredBy). */
  ignored: z.boolean(),
  ignoredBy: z.string().nullable(),
  secret: z.boolean(),
  /** The files compared, and the line of the value in each (null where the file lacks it). */
  fileA: z.string(),
  fileB: z.string(),
  lineA: z.number().int().positive().nullable(),
  lineB: z.number().int().positive().nullable(),
});

/** A path where a resource's live state differs from its desired state, and when: before, after, or changed during the window. */
export const DriftChangeFact = z.object({
  kind: z.literal('drift-change'),
  ...sourced,
  /** kind/namespace/name (`-` for no namespace). */
  resource: z.string(),
  path: z.string(),
  desired: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  when: z.enum(['before', 'after', 'during']),
  /** The desired state, a runbook step or a war-room entry of the release accounts for it. */
  explained: z.boolean(),
  explanation: z.string().nullable(),
  impact: z.enum(configImpacts),
  lineDesired: z.number().int().positive().nullable(),
  lineAfter: z.number().int().positive().nullable(),
});
