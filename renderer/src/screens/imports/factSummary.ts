import type { Fact, FactOf, ReadTime } from '../../../../shared/api/imports';

// Each fact an importer read, said in plain words: a title (what it is) and a line of details
// (result, times, who), so a list of thousands reads like a log someone summarised.

export const factKindLabels: Record<Fact['kind'], string> = {
  run: 'Runs',
  step: 'Stages and steps',
  message: 'Errors and warnings',
  artifact: 'Artifacts and versions',
  'host-status': 'Host status',
  'task-result': 'Failed tasks',
  rollout: 'Rollouts',
  'analysis-metric': 'Analysis metrics',
  change: 'Change records',
  approval: 'Approvals',
  transition: 'Status changes',
  commit: 'Commits',
  tag: 'Tags',
  'test-suite': 'Test suites',
  'test-failure': 'Failed tests',
  'test-totals': 'Test totals',
  'scan-run': 'Scans',
  'scan-result': 'Scan results',
  'sbom-document': 'SBOMs',
  'sbom-component': 'Components',
  vulnerability: 'Vulnerabilities',
  'vex-statement': 'VEX decisions',
  'config-difference': 'Configuration differences',
  'drift-change': 'Configuration drift',
};

export interface FactWords {
  title: string;
  details: string;
  /** A failure, refusal or breach: shown in the danger colour. */
  bad: boolean;
}

/** A time as the file wrote it, saying when the file gave no zone. */
export function timeText(time: ReadTime | null): string | null {
  if (!time) return null;
  return time.zone === 'not-stated' ? `${time.text} (no time zone in the file)` : time.text;
}

const join = (...parts: Array<string | null | false | undefined>) => parts.filter((p): p is string => Boolean(p)).join(' · ');
const span = (from: ReadTime | null, to: ReadTime | null) => {
  const start = timeText(from);
  const end = timeText(to);
  if (start && end) return `${start} – ${end}`;
  if (start) return `started ${start}`;
  return end ? `ended ${end}` : null;
};
const isBad = (result: string | null) => result !== null && /fail|abort|error|cancel|unstable|breach|rejected|unreachable/i.test(result);

type Summaries = { [K in Fact['kind']]: (fact: FactOf<K>) => FactWords };

const summaries: Summaries = {
  run: (f) => ({
    title: `${f.tool} run${f.name ? ` ${f.name}` : ''}: ${f.result ?? 'result not stated'}`,
    details: join(span(f.startedAt, f.endedAt), f.triggeredBy && `triggered by ${f.triggeredBy}`, f.worker && `on ${f.worker}`),
    bad: isBad(f.result),
  }),
  step: (f) => ({
    title: `${f.level} ${f.name}: ${f.result ?? 'result not stated'}`,
    details: join(f.parent && `in ${f.parent}`, span(f.startedAt, f.endedAt), f.worker && `on ${f.worker}`),
    bad: isBad(f.result),
  }),
  message: (f) => ({ title: `${f.severity === 'error' ? 'Error' : 'Warning'}: ${f.text}`, details: join(f.step && `in ${f.step}`), bad: f.severity === 'error' }),
  artifact: (f) => ({ title: `${f.type} ${f.value}`, details: join(f.ref && `ref ${f.ref}`), bad: false }),
  'host-status': (f) => ({
    title: `Host ${f.host}: ${f.status}`,
    details: Object.entries(f.counts)
      .map(([name, count]) => `${name} ${count}`)
      .join(', '),
    bad: f.status === 'failed' || f.status === 'unreachable',
  }),
  'task-result': (f) => ({
    title: `${f.status === 'unreachable' ? 'Unreachable' : 'Failed'} on ${f.host}: ${f.task}`,
    details: join(f.message, f.item && `item ${f.item}`, f.play && `play ${f.play}`, f.ignored && 'ignored, the play went on', span(f.startedAt, f.endedAt)),
    bad: !f.ignored,
  }),
  rollout: (f) => ({
    title: `Rollout ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ${f.aborted ? 'aborted' : (f.phase ?? 'phase not stated')}`,
    details: join(f.image && `image ${f.image}`, f.analysisRun && `analysis ${f.analysisRun}${f.analysisStatus ? ` ${f.analysisStatus}` : ''}`, f.message, f.abortedAt && `aborted ${timeText(f.abortedAt)}`),
    bad: f.aborted || isBad(f.phase),
  }),
  'analysis-metric': (f) => ({
    title: `Metric ${f.metric} of ${f.run}: ${f.phase ?? 'phase not stated'}`,
    details: join(
      f.measurements.length > 0 && `measured ${f.measurements.map((m) => m.value ?? '—').join(', ')}`,
      f.successCondition && `success when ${f.successCondition}`,
      f.failureCondition && `fails when ${f.failureCondition}`,
      `${f.failed} failed${f.failureLimit !== null ? ` of ${f.failureLimit} allowed` : ''}`,
      f.message,
    ),
    bad: isBad(f.phase),
  }),
  change: (f) => ({
    title: `${f.system === 'jira' ? 'Issue' : 'Change'} ${f.number}${f.summary ? `: ${f.summary}` : ''}`,
    details: join(
      f.type,
      f.state && `state ${f.state}`,
      f.risk && `risk ${f.risk}`,
      span(f.plannedStart, f.plannedEnd) && `planned ${span(f.plannedStart, f.plannedEnd)}`,
      f.backoutPlan === false && 'no backout plan',
      f.testPlan === false && 'no test plan',
      f.configurationItems.length > 0 && `items ${f.configurationItems.join(', ')}`,
    ),
    bad: false,
  }),
  approval: (f) => ({
    title: `Approval of ${f.ticket}: ${f.state}`,
    details: join(f.approver ? `by ${f.approver}` : 'approver not stated', timeText(f.at)),
    bad: isBad(f.state),
  }),
  transition: (f) => ({ title: `${f.ticket} ${f.field}: ${f.from ?? '—'} → ${f.to ?? '—'}`, details: join(f.by && `by ${f.by}`, timeText(f.at)), bad: false }),
  commit: (f) => ({
    title: `Commit ${f.hash.slice(0, 10)}: ${f.subject}`,
    details: join(`by ${f.author}`, timeText(f.authoredAt), f.tickets.length > 0 ? `tickets ${f.tickets.join(', ')}` : 'no ticket named', f.refs.length > 0 && f.refs.join(', ')),
    bad: false,
  }),
  tag: (f) => ({ title: `Tag ${f.name}`, details: `on ${f.commit.slice(0, 10)}`, bad: false }),
  'test-suite': (f) => ({
    title: `Suite ${f.name}: ${f.tests} tests, ${f.failures} failed, ${f.errors} errors, ${f.skipped} skipped`,
    details: join(f.durationSeconds !== null && `${f.durationSeconds} s`, timeText(f.startedAt), f.hostname && `on ${f.hostname}`),
    bad: f.failures + f.errors > 0,
  }),
  'test-failure': (f) => ({
    title: `${f.outcome === 'error' ? 'Error' : 'Failed'}: ${f.classname ? `${f.classname} › ` : ''}${f.name}`,
    details: join(f.message, f.type, `suite ${f.suite}`),
    bad: true,
  }),
  'test-totals': (f) => ({
    title: `${f.name ?? 'Test report'}: ${f.tests} tests in ${f.suites} suites, ${f.failures} failed, ${f.errors} errors, ${f.skipped} skipped`,
    details: join(f.durationSeconds !== null && `${f.durationSeconds} s`),
    bad: f.failures + f.errors > 0,
  }),
  'scan-run': (f) => ({
    title: `Scan by ${f.tool}${f.version ? ` ${f.version}` : ''}`,
    details: join(
      Object.entries(f.levels)
        .map(([level, count]) => `${level} ${count}`)
        .join(', ') || 'no results',
      f.suppressed > 0 && `${f.suppressed} suppressed`,
    ),
    bad: (f.levels.error ?? 0) > 0,
  }),
  'scan-result': (f) => ({
    title: `${f.level === 'none' ? 'Note' : f.level[0]!.toUpperCase() + f.level.slice(1)}${f.ruleId ? ` ${f.ruleId}` : ''}: ${f.message}`,
    details: join(
      f.location && `${f.location}${f.startLine !== null ? `:${f.startLine}` : ''}`,
      f.securitySeverity !== null && `severity ${f.securitySeverity}`,
      f.suppressed && `suppressed${f.suppression?.justification ? `: ${f.suppression.justification}` : ' without a justification'}`,
      `by ${f.tool}`,
    ),
    bad: f.level === 'error' && !f.suppressed,
  }),
  'sbom-document': (f) => ({
    title: `${f.format === 'cyclonedx' ? 'CycloneDX' : 'SPDX'} ${f.specVersion} SBOM${f.name ? ` of ${f.name}${f.version ? ` ${f.version}` : ''}` : ''}`,
    details: join(`${f.components} components`, f.tools.length > 0 && `made by ${f.tools.join(', ')}`, timeText(f.created)),
    bad: false,
  }),
  'sbom-component': (f) => ({
    title: `${f.group ? `${f.group}/` : ''}${f.name}${f.version ? ` ${f.version}` : ''}`,
    details: join(f.licence.expression ?? (f.licence.assertion === 'noassertion' ? 'licence not asserted' : 'no licence declared'), !f.licence.valid && f.licence.problem, f.purl, f.supplier && `from ${f.supplier}`),
    bad: !f.licence.valid,
  }),
  vulnerability: (f) => ({
    title: `${f.id} (${f.severity}${f.score !== null ? ` ${f.score}` : ''})`,
    details: join(f.affects.map((a) => a.purl ?? a.ref ?? a.name).filter(Boolean).join(', '), f.fixedIn.length > 0 && `fixed in ${f.fixedIn.join(', ')}`, f.summary, `from the ${f.source === 'osv' ? 'OSV database' : f.source === 'vex' ? 'VEX document' : 'SBOM'}`),
    bad: f.severity === 'critical' || f.severity === 'high',
  }),
  'vex-statement': (f) => ({
    title: `${f.vulnerability}: ${f.state.replace(/_/g, ' ')}`,
    details: join(f.products.join(', '), f.justification && f.justification.replace(/_/g, ' '), f.detail, f.author && `by ${f.author}`, timeText(f.at)),
    bad: f.state === 'exploitable' || f.state === 'affected',
  }),
  'config-difference': (f) => ({
    title: `${f.path}: ${f.change}${f.impact === 'none' ? '' : ` (${f.impact})`}`,
    details: join(`${f.fileA}: ${f.a ?? 'not set'}`, `${f.fileB}: ${f.b ?? 'not set'}`, f.ignored && `ignored (${f.ignoredBy})`, f.reason),
    bad: !f.ignored && f.impact !== 'none',
  }),
  'drift-change': (f) => ({
    title: `${f.resource} ${f.path}: differs ${f.when === 'during' ? 'since it changed during the window' : `${f.when} the window`}`,
    details: join(`desired ${f.desired ?? 'not set'}`, f.before !== null && `before ${f.before}`, `after ${f.after ?? 'not set'}`, f.explained ? `explained by ${f.explanation}` : 'not explained by the runbook or war room'),
    bad: !f.explained,
  }),
};

export function summariseFact(fact: Fact): FactWords {
  return (summaries[fact.kind] as (f: Fact) => FactWords)(fact);
}
