import { AppError } from '../../shared/api/errors';
import type { FactSink } from './sink';
import { isObject, str, type Json, type Locator, type Path } from './structured';
import { clip } from './text';
import { readIso } from './time';

// Azure DevOps REST API exports: a build (GET _apis/build/builds/{id}), a list of builds ({count, value}),
// or a build timeline (GET …/builds/{id}/timeline) whose records are Stage, Phase, Job and Task.

const levels: Record<string, 'stage' | 'job' | 'task'> = { stage: 'stage', phase: 'job', job: 'job', task: 'task' };

function build(sink: FactSink, loc: Locator, b: Json, path: Path): void {
  const requested = isObject(b.requestedFor) ? str(b.requestedFor.displayName) : null;
  const reason = str(b.reason);
  const definition = isObject(b.definition) ? str(b.definition.name) : null;
  sink.add({
    kind: 'run', lines: loc.lines(path), tool: 'azure-devops', name: [definition, str(b.buildNumber)].filter(Boolean).join(' ') || null,
    result: str(b.result)?.toLowerCase() ?? (str(b.status) === 'completed' ? null : str(b.status)), startedAt: readIso(str(b.startTime)), endedAt: readIso(str(b.finishTime)),
    triggeredBy: [requested, reason ? `(${reason})` : null].filter(Boolean).join(' ') || null,
    worker: isObject(b.queue) ? str(b.queue.name) : null,
  });
  const version = str(b.sourceVersion);
  if (version) sink.add({ kind: 'artifact', lines: loc.lines([...path, 'sourceVersion']), type: 'revision', value: version, ref: str(b.sourceBranch) });
}

function timeline(sink: FactSink, loc: Locator, records: unknown[]): void {
  const names = new Map<string, string>();
  for (const record of records) if (isObject(record) && str(record.id)) names.set(str(record.id) as string, str(record.name) ?? '');
  const ordered = records
    .map((record, index) => ({ record, index }))
    .filter((entry): entry is { record: Json; index: number } => isObject(entry.record))
    .sort((a, b) => (str(a.record.startTime) ?? '\uffff').localeCompare(str(b.record.startTime) ?? '\uffff') || a.index - b.index);
  for (const { record, index } of ordered) {
    const level = levels[(str(record.type) ?? '').toLowerCase()];
    const name = str(record.name) ?? '(unnamed)';
    if (level) {
      sink.add({
        kind: 'step', lines: loc.lines(['records', index]), level, name, parent: names.get(str(record.parentId) ?? '') ?? null,
        result: str(record.result)?.toLowerCase() ?? (str(record.state) === 'completed' ? null : str(record.state)), startedAt: readIso(str(record.startTime)),
        endedAt: readIso(str(record.finishTime)), worker: str(record.workerName),
      });
    } else if ((str(record.type) ?? '').toLowerCase() === 'checkpoint.approval') {
      sink.add({ kind: 'approval', lines: loc.lines(['records', index]), ticket: names.get(str(record.parentId) ?? '') ?? name, approver: null, state: str(record.result) ?? str(record.state) ?? 'pending', at: readIso(str(record.finishTime)) });
    }
    const issues = Array.isArray(record.issues) ? record.issues : [];
    issues.forEach((issue, i) => {
      if (!isObject(issue)) return;
      const severity = str(issue.type) === 'error' ? 'error' : 'warning';
      sink.add({ kind: 'message', lines: loc.lines(['records', index, 'issues', i]), severity, text: clip(str(issue.message) ?? ''), step: name });
    });
  }
}

export function parseAzureDevOps(value: unknown, loc: Locator, sink: FactSink): void {
  if (!isObject(value)) throw new AppError('VALIDATION', 'This JSON is not an Azure DevOps build or timeline: it is not an object.');
  if (Array.isArray(value.records)) timeline(sink, loc, value.records);
  else if (str(value.buildNumber)) build(sink, loc, value, []);
  else if (Array.isArray(value.value)) value.value.forEach((b, i) => isObject(b) && build(sink, loc, b, ['value', i]));
  else throw new AppError('VALIDATION', 'This JSON is not an Azure DevOps build or timeline: it has no records, buildNumber or value list.');
  if (sink.facts.length === 0) sink.warn('The Azure DevOps export holds no stages, jobs, tasks or builds.');
}
