import { AppError } from '../../shared/api/errors';
import type { FactSink } from './sink';
import { isObject, num, str, type Json, type Locator } from './structured';
import { readIso } from './time';

// Argo Rollouts objects as `kubectl get -o yaml` prints them: a Rollout (phase, abort, abortedAt, the
// background analysis status) and an AnalysisRun (metrics with their conditions, measured values).

function rollout(sink: FactSink, loc: Locator, r: Json, doc: number, path: Array<string | number>): void {
  const meta = isObject(r.metadata) ? r.metadata : {};
  const status = isObject(r.status) ? r.status : {};
  const canary = isObject(status.canary) ? status.canary : {};
  const analysis = isObject(canary.currentBackgroundAnalysisRunStatus) ? canary.currentBackgroundAnalysisRunStatus : isObject(canary.currentStepAnalysisRunStatus) ? canary.currentStepAnalysisRunStatus : {};
  const spec = isObject(r.spec) ? r.spec : {};
  const template = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec : {};
  const containers = Array.isArray(template.containers) ? template.containers : [];
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isObject) : [];
  const progressing = conditions.find((c) => c.type === 'Progressing');
  const aborted = status.abort === true;
  sink.add({
    kind: 'rollout', lines: loc.lines(path, doc), name: str(meta.name) ?? '(unnamed)', namespace: str(meta.namespace),
    phase: str(status.phase) ?? (aborted ? 'Degraded' : null), aborted, abortedAt: readIso(str(status.abortedAt)),
    message: str(status.message) ?? (progressing ? str(progressing.message) : null),
    image: containers.map((c) => (isObject(c) ? str(c.image) : null)).find(Boolean) ?? null,
    analysisRun: str(analysis.name), analysisStatus: str(analysis.status),
  });
}

function analysisRun(sink: FactSink, loc: Locator, run: Json, doc: number, path: Array<string | number>): void {
  const meta = isObject(run.metadata) ? run.metadata : {};
  const spec = isObject(run.spec) ? run.spec : {};
  const status = isObject(run.status) ? run.status : {};
  const name = str(meta.name) ?? '(unnamed)';
  const metrics = Array.isArray(spec.metrics) ? spec.metrics.filter(isObject) : [];
  const results = Array.isArray(status.metricResults) ? status.metricResults : [];
  const specOf = (metric: string) => metrics.find((m) => m.name === metric) ?? {};
  const names = new Set<string>();
  results.forEach((result, i) => {
    if (!isObject(result)) return;
    const metric = str(result.name) ?? '(unnamed)';
    names.add(metric);
    const definition = specOf(metric);
    const measurements = (Array.isArray(result.measurements) ? result.measurements : []).filter(isObject).map((m) => ({
      value: str(m.value), phase: str(m.phase), at: readIso(str(m.finishedAt) ?? str(m.startedAt)),
    }));
    sink.add({
      kind: 'analysis-metric', lines: loc.lines([...path, 'status', 'metricResults', i], doc), run: name, metric, phase: str(result.phase),
      successCondition: str(definition.successCondition), failureCondition: str(definition.failureCondition), failureLimit: num(definition.failureLimit),
      failed: num(result.failed) ?? measurements.filter((m) => m.phase === 'Failed').length, measurements, message: str(result.message),
    });
  });
  metrics.forEach((metric, i) => {
    const metricName = str(metric.name) ?? '(unnamed)';
    if (names.has(metricName)) return;
    sink.add({ kind: 'analysis-metric', lines: loc.lines([...path, 'spec', 'metrics', i], doc), run: name, metric: metricName, phase: null, successCondition: str(metric.successCondition), failureCondition: str(metric.failureCondition), failureLimit: num(metric.failureLimit), failed: 0, measurements: [], message: 'not measured yet' });
  });
  sink.add({ kind: 'run', lines: loc.lines(path, doc), tool: 'argo-rollouts', name, result: str(status.phase)?.toLowerCase() ?? null, startedAt: readIso(str(status.startedAt) ?? str(meta.creationTimestamp)), endedAt: null, triggeredBy: null, worker: null });
}

export function parseArgo(docs: unknown[], loc: Locator, sink: FactSink): void {
  docs.forEach((value, doc) => {
    const objects: Array<{ object: unknown; path: Array<string | number> }> = isObject(value) && value.kind === 'List' && Array.isArray(value.items)
      ? value.items.map((object, i) => ({ object, path: ['items', i] }))
      : [{ object: value, path: [] }];
    for (const { object, path } of objects) {
      if (!isObject(object) || !String(object.apiVersion ?? '').startsWith('argoproj.io/')) continue;
      if (object.kind === 'Rollout') rollout(sink, loc, object, doc, path);
      else if (object.kind === 'AnalysisRun') analysisRun(sink, loc, object, doc, path);
    }
  });
  if (sink.facts.length === 0) throw new AppError('VALIDATION', 'This YAML holds no Argo Rollouts Rollout or AnalysisRun.');
}
