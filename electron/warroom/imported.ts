import type { FactOf } from '../../shared/api/imports';
import type { ImportedBoard } from '../../shared/api/warroom-imported';
import { releaseFactsOf, type SourcedFact } from '../imports/release-facts';
import type { Core } from '../services';

// The war room's imported part, derived from the release's facts each time the board is read
// rather than copied into war-room entries: the facts are already records with their lines, an
// entry would look correctable when the file cannot be, and a derived view cannot drift from them.

const PER_KIND = 500;
const boardKinds = ['run', 'step', 'host-status', 'task-result', 'analysis-metric', 'rollout'] as const;

interface RunbookStep {
  id: string;
  title: string;
  plannedStart: string | null;
  plannedEnd: string | null;
}

type Printed = ImportedBoard['runs'][number]['startedAt'];
const printed = (time: FactOf<'run'>['startedAt']): Printed => (time ? { utc: time.utc, text: time.text } : null);
const minutesBetween = (from: string | null, to: string | null | undefined): number | null => (from && to ? Math.round((Date.parse(to) - Date.parse(from)) / 60_000) : null);
/** Names compared as people write them: case, spaces and punctuation aside ("Deploy to prod" = "deploy-to-prod"). */
export const sameStepName = (a: string): string => a.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** A metric breached when its phase says so, or when more measurements failed than its limit allows. */
export function metricBreached(metric: FactOf<'analysis-metric'>): boolean {
  return /^(failed|error)$/i.test(metric.phase ?? '') || (metric.failureLimit !== null && metric.failed > metric.failureLimit);
}

export function importedBoard(core: Core, releaseId: string, runbook: RunbookStep[]): ImportedBoard {
  const { facts, omitted } = releaseFactsOf(core, releaseId, boardKinds, PER_KIND);
  const of = <K extends (typeof boardKinds)[number]>(kind: K) => facts.filter((f): f is SourcedFact<FactOf<K>> => f.fact.kind === kind);
  const byName = new Map<string, RunbookStep>();
  for (const step of runbook) if (!byName.has(sameStepName(step.title))) byName.set(sameStepName(step.title), step);
  const failedTasks = of('task-result');
  const hosts = of('host-status').map(({ fact, source }) => ({
    source,
    host: fact.host,
    status: fact.status,
    failedTasks: failedTasks.filter((t) => t.source.importId === source.importId && t.fact.host === fact.host).map((t) => ({ task: t.fact.task, message: t.fact.message, ignored: t.fact.ignored, lines: t.fact.lines })),
  }));
  // A host that failed with no recap line (a run cut off) still shows, from its failed tasks.
  for (const task of failedTasks) {
    if (task.fact.ignored || hosts.some((h) => h.source.importId === task.source.importId && h.host === task.fact.host)) continue;
    const others = failedTasks.filter((t) => t.source.importId === task.source.importId && t.fact.host === task.fact.host);
    hosts.push({ source: task.source, host: task.fact.host, status: task.fact.status, failedTasks: others.map((t) => ({ task: t.fact.task, message: t.fact.message, ignored: t.fact.ignored, lines: t.fact.lines })) });
  }
  return {
    runs: of('run').map(({ fact, source }) => ({ source, tool: fact.tool, name: fact.name, result: fact.result, startedAt: printed(fact.startedAt), endedAt: printed(fact.endedAt), triggeredBy: fact.triggeredBy })),
    steps: of('step').map(({ fact, source }) => {
      const planned = byName.get(sameStepName(fact.name)) ?? null;
      return {
        source,
        name: fact.name,
        level: fact.level,
        result: fact.result,
        actualStart: printed(fact.startedAt),
        actualEnd: printed(fact.endedAt),
        runbook: planned && {
          stepId: planned.id,
          title: planned.title,
          plannedStart: planned.plannedStart,
          plannedEnd: planned.plannedEnd,
          startVarianceMinutes: minutesBetween(planned.plannedStart, fact.startedAt?.utc),
          endVarianceMinutes: minutesBetween(planned.plannedEnd, fact.endedAt?.utc),
        },
      };
    }),
    nodes: hosts.sort((a, b) => a.host.localeCompare(b.host)),
    haltChecks: of('analysis-metric').map(({ fact, source }) => {
      const last = fact.measurements.at(-1);
      return {
        source,
        run: fact.run,
        metric: fact.metric,
        phase: fact.phase,
        condition: [fact.successCondition && `success: ${fact.successCondition}`, fact.failureCondition && `failure: ${fact.failureCondition}`].filter(Boolean).join('; ') || null,
        failureLimit: fact.failureLimit,
        failed: fact.failed,
        lastValue: last?.value ?? null,
        measuredAt: printed(last?.at ?? null),
        breached: metricBreached(fact),
      };
    }),
    rollouts: of('rollout').map(({ fact, source }) => ({ source, name: fact.name, phase: fact.phase, aborted: fact.aborted, abortedAt: printed(fact.abortedAt), message: fact.message, analysisStatus: fact.analysisStatus })),
    omitted,
  };
}
