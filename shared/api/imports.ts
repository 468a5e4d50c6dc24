import { z } from 'zod';

// The facts an importer reads out of a pipeline log, deployment output, change record or git history.
// Each fact names the lines of the source file it came from, so a rule or a reader can show the proof.

export const importKinds = [
  'jenkins',
  'github-actions',
  'gitlab-ci',
  'azure-devops',
  'ansible',
  'ansible-json',
  'argo-rollout',
  'argo-analysisrun',
  'servicenow-json',
  'servicenow-csv',
  'jira',
  'git-log',
  'junit',
  'sarif',
  'osv-match',
  'config-parity',
  'config-drift',
  'cyclonedx',
  'spdx',
  'openvex',
] as const;
export const ImportKind = z.enum(importKinds);
export type ImportKind = z.infer<typeof ImportKind>;

export const importKindLabels: Record<ImportKind, string> = {
  jenkins: 'Jenkins console log',
  'github-actions': 'GitHub Actions job log',
  'gitlab-ci': 'GitLab CI job trace',
  'azure-devops': 'Azure DevOps build or timeline JSON',
  ansible: 'Ansible playbook output',
  'ansible-json': 'Ansible JSON callback output',
  'argo-rollout': 'Argo Rollouts Rollout',
  'argo-analysisrun': 'Argo Rollouts AnalysisRun',
  'servicenow-json': 'ServiceNow change request JSON',
  'servicenow-csv': 'ServiceNow change request CSV export',
  jira: 'Jira issue JSON',
  'git-log': 'git log',
  junit: 'JUnit XML test report',
  sarif: 'SARIF 2.1.0 scan results',
  'osv-match': 'OSV database match',
  'config-parity': 'Configuration parity (two environments compared)',
  'config-drift': 'Configuration drift (desired against live state)',
  cyclonedx: 'CycloneDX SBOM or VEX',
  spdx: 'SPDX SBOM',
  openvex: 'OpenVEX document',
};

/** A time as the file gave it: the instant in UTC, and whether the file said which zone it was in. */
export const ReadTime = z.object({
  text: z.string(),
  /** ISO 8601 instant in UTC; null when the file gives only a clock time with no date. */
  utc: z.string().nullable(),
  /** The offset the time was written in (`Z`, `+01:00`), or null when the file did not state one. */
  offset: z.string().nullable(),
  zone: z.enum(['stated', 'not-stated']),
  /** For clock-only times (HH:MM:SS): whole days after the first time in the file (midnight rollovers). */
  day: z.number().int().nonnegative().optional(),
});
export type ReadTime = z.infer<typeof ReadTime>;

export const LineRange = z.tuple([z.number().int().positive(), z.number().int().positive()]);
const sourced = { lines: LineRange };
const Time = ReadTime.nullable();

export const RunFact = z.object({
  kind: z.literal('run'),
  ...sourced,
  tool: z.string(),
  name: z.string().nullable(),
  /** success, failure, aborted, unstable, canceled, skipped, partial, or null when the file does not say. */
  result: z.string().nullable(),
  startedAt: Time,
  endedAt: Time,
  triggeredBy: z.string().nullable(),
  worker: z.string().nullable(),
});

export const StepFact = z.object({
  kind: z.literal('step'),
  ...sourced,
  level: z.enum(['stage', 'job', 'step', 'task', 'section', 'branch']),
  name: z.string(),
  parent: z.string().nullable(),
  result: z.string().nullable(),
  startedAt: Time,
  endedAt: Time,
  worker: z.string().nullable(),
});

export const MessageFact = z.object({
  kind: z.literal('message'),
  ...sourced,
  severity: z.enum(['error', 'warning']),
  text: z.string(),
  step: z.string().nullable(),
});

export const ArtifactFact = z.object({
  kind: z.literal('artifact'),
  ...sourced,
  /** revision (a commit checked out), image, version, or artifact (a file archived or uploaded). */
  type: z.enum(['revision', 'image', 'version', 'artifact']),
  value: z.string(),
  ref: z.string().nullable(),
});

export const HostStatusFact = z.object({
  kind: z.literal('host-status'),
  ...sourced,
  host: z.string(),
  status: z.enum(['ok', 'changed', 'failed', 'unreachable']),
  counts: z.record(z.string(), z.number().int().nonnegative()),
});

export const TaskResultFact = z.object({
  kind: z.literal('task-result'),
  ...sourced,
  play: z.string().nullable(),
  task: z.string(),
  host: z.string(),
  status: z.enum(['failed', 'unreachable']),
  item: z.string().nullable(),
  message: z.string().nullable(),
  /** The failure was ignored (`ignore_errors`) or rescued, so the play went on. */
  ignored: z.boolean(),
  startedAt: Time,
  endedAt: Time,
});

export const RolloutFact = z.object({
  kind: z.literal('rollout'),
  ...sourced,
  name: z.string(),
  namespace: z.string().nullable(),
  phase: z.string().nullable(),
  aborted: z.boolean(),
  abortedAt: Time,
  message: z.string().nullable(),
  image: z.string().nullable(),
  analysisRun: z.string().nullable(),
  analysisStatus: z.string().nullable(),
});

export const AnalysisMetricFact = z.object({
  kind: z.literal('analysis-metric'),
  ...sourced,
  run: z.string(),
  metric: z.string(),
  phase: z.string().nullable(),
  successCondition: z.string().nullable(),
  failureCondition: z.string().nullable(),
  failureLimit: z.number().nullable(),
  failed: z.number().int().nonnegative(),
  measurements: z.array(z.object({ value: z.string().nullable(), phase: z.string().nullable(), at: Time })),
  message: z.string().nullable(),
});

export const ChangeFact = z.object({
  kind: z.literal('change'),
  ...sourced,
  system: z.enum(['servicenow', 'jira']),
  number: z.string(),
  /** normal, standard, emergency for a change; the issue type for Jira. */
  type: z.string().nullable(),
  state: z.string().nullable(),
  risk: z.string().nullable(),
  summary: z.string().nullable(),
  plannedStart: Time,
  plannedEnd: Time,
  backoutPlan: z.boolean().nullable(),
  testPlan: z.boolean().nullable(),
  justification: z.boolean().nullable(),
  configurationItems: z.array(z.string()),
  links: z.array(z.string()),
  createdAt: Time,
});

export const ApprovalFact = z.object({
  kind: z.literal('approval'),
  ...sourced,
  ticket: z.string(),
  approver: z.string().nullable(),
  state: z.string(),
  at: Time,
});

export const TransitionFact = z.object({
  kind: z.literal('transition'),
  ...sourced,
  ticket: z.string(),
  field: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  by: z.string().nullable(),
  at: Time,
});

export const CommitFact = z.object({
  kind: z.literal('commit'),
  ...sourced,
  hash: z.string(),
  parents: z.array(z.string()),
  author: z.string(),
  authoredAt: Time,
  committer: z.string().nullable(),
  committedAt: Time,
  subject: z.string(),
  tickets: z.array(z.string()),
  refs: z.array(z.string()),
});

/** A test suite of a JUnit report: its counts (from its test cases where it lists them), time and host. */
export const TestSuiteFact = z.object({
  kind: z.literal('test-suite'),
  ...sourced,
  /** The suite's name, nested suites joined with " › ". */
  name: z.string(),
  tests: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  durationSeconds: z.number().nonnegative().nullable(),
  startedAt: Time,
  hostname: z.string().nullable(),
  /** The suite's <property> pairs (the first 50). */
  properties: z.record(z.string(), z.string()),
});

/** A test case that failed (an assertion) or errored (an unexpected exception), with its message. */
export const TestFailureFact = z.object({
  kind: z.literal('test-failure'),
  ...sourced,
  suite: z.string(),
  classname: z.string().nullable(),
  /** The test's source file where the report gives it (jest-junit, pytest `file` attribute); absent in older facts. */
  file: z.string().nullable().optional(),
  name: z.string(),
  outcome: z.enum(['failure', 'error']),
  type: z.string().nullable(),
  message: z.string().nullable(),
  durationSeconds: z.number().nonnegative().nullable(),
});

/** The whole report: totals over every suite. */
export const TestTotalsFact = z.object({
  kind: z.literal('test-totals'),
  ...sourced,
  /** The report's own name (the root <testsuites name>), or null. */
  name: z.string().nullable(),
  suites: z.number().int().nonnegative(),
  tests: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  durationSeconds: z.number().nonnegative().nullable(),
});

/** One run of a scanner in a SARIF log: the tool, its version, and how many results at each level. */
export const ScanRunFact = z.object({
  kind: z.literal('scan-run'),
  ...sourced,
  tool: z.string(),
  version: z.string().nullable(),
  /** Results by level (error, warning, note, none), suppressed ones included. */
  levels: z.record(z.string(), z.number().int().nonnegative()),
  suppressed: z.number().int().nonnegative(),
});

/** One result of a scan: the rule it broke, its level, where, and whether (and why) it was suppressed. */
export const ScanResultFact = z.object({
  kind: z.literal('scan-result'),
  ...sourced,
  tool: z.string(),
  ruleId: z.string().nullable(),
  /** error, warning, note or none (SARIF's default is warning). */
  level: z.enum(['error', 'warning', 'note', 'none']),
  /** The tool's own severity where it gives one (security-severity, a CVSS score). */
  securitySeverity: z.number().nullable(),
  message: z.string(),
  location: z.string().nullable(),
  startLine: z.number().int().nullable(),
  fingerprint: z.string().nullable(),
  suppressed: z.boolean(),
  /** The suppression's kind and status, and its justification; null justification when none was written. */
  suppression: z.object({ kind: z.string().nullable(), status: z.string().nullable(), justification: z.string().nullable() }).nullable(),
});

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

export const TagFact = z.object({ kind: z.literal('tag'), ...sourced, name: z.string(), commit: z.string() });

export const Fact = z.discriminatedUnion('kind', [
  RunFact,
  StepFact,
  MessageFact,
  ArtifactFact,
  HostStatusFact,
  TaskResultFact,
  RolloutFact,
  AnalysisMetricFact,
  ChangeFact,
  ApprovalFact,
  TransitionFact,
  CommitFact,
  TagFact,
  TestSuiteFact,
  TestFailureFact,
  TestTotalsFact,
  ScanRunFact,
  ScanResultFact,
  SbomDocumentFact,
  SbomComponentFact,
  VulnerabilityFact,
  VexStatementFact,
  ConfigDifferenceFact,
  DriftChangeFact,
]);
export type Fact = z.infer<typeof Fact>;
export type FactOf<K extends Fact['kind']> = Extract<Fact, { kind: K }>;

export const Detection = z.object({
  kind: ImportKind,
  confidence: z.number().min(0).max(1),
  reason: z.string(),
});
export type Detection = z.infer<typeof Detection>;

export const ImportResult = z.object({
  kind: ImportKind,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  lines: z.number().int().nonnegative(),
  detection: Detection,
  facts: z.array(Fact),
  warnings: z.array(z.string()),
});
export type ImportResult = z.infer<typeof ImportResult>;
