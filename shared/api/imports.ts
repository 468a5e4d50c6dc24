import { z } from 'zod';
import { sourced, Time } from './fact-base';
import { ConfigDifferenceFact, DriftChangeFact, SbomComponentFact, SbomDocumentFact, VexStatementFact, VulnerabilityFact } from './machine-facts';

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

export { LineRange, ReadTime } from './fact-base';
export * from './machine-facts';

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
