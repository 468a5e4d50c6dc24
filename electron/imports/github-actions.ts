import type { ReadTime } from '../../shared/api/imports';
import { scanArtifact } from './artifacts';
import type { FactSink, LineParser } from './sink';
import { clip, own, stripAnsi } from './text';
import { readIso } from './time';

// A GitHub Actions raw job log: every line stamped `2024-07-08T16:48:09.3750041Z`, each step opened by
// a top-level `##[group]Run …` header (closed by `##[endgroup]`, its output following), `##[error]` and
// `##[warning]` annotations. The job's result is not printed; an error annotation means it failed.

const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))\s?/;

interface OpenStep { name: string; first: number; last: number; startedAt: ReadTime | null; endStamp: string | null; failed: boolean }

export function githubActionsParser(sink: FactSink): LineParser {
  let step: OpenStep | null = null;
  let first: ReadTime | null = null;
  // Stamps stay text until a time is needed (a step's edges, the run's end): most lines never need one.
  let lastStamp: string | null = null;
  let firstLine = 0;
  let errors = 0;
  let worker: string | null = null;
  let cancelled = false;

  const closeStep = () => {
    if (!step) return;
    sink.add({ kind: 'step', lines: [step.first, step.last], level: 'step', name: step.name, parent: null, result: step.failed ? 'failure' : null, startedAt: step.startedAt, endedAt: readIso(step.endStamp), worker: null });
    step = null;
  };

  return {
    line(raw, lineNumber) {
      let text = raw;
      let at: string | null = null;
      const stamp = STAMP.exec(text);
      if (stamp?.[1]) {
        at = stamp[1];
        text = text.slice(stamp[0].length);
      }
      text = stripAnsi(text);
      if (firstLine === 0 && text.trim() !== '') firstLine = lineNumber;
      if (at) {
        first ??= readIso(at);
        lastStamp = at;
      }
      if (text.startsWith('##[group]')) {
        const name = text.slice(9).trim();
        // Nested groups inside a step (pip output and the like) are not steps; "Run …" headers start one.
        if (!step || /^(?:Run|Post Run|Post job cleanup)\b/.test(name)) {
          closeStep();
          step = { name: own(clip(name, 300)), first: lineNumber, last: lineNumber, startedAt: readIso(at), endStamp: at, failed: false };
          return;
        }
      }
      if (step) {
        step.last = lineNumber;
        if (at) step.endStamp = at;
      }
      if (/^(?:##\[error\])?The operation was canceled\.|^Error: The operation was canceled\./.test(text)) cancelled = true;
      const annotation = /^##\[(error|warning)\](.*)$/.exec(text) ?? /^::(error|warning)(?: [^:]*)?::(.*)$/.exec(text);
      if (annotation) {
        const severity = annotation[1] === 'error' ? 'error' : 'warning';
        if (severity === 'error') {
          errors += 1;
          if (step) step.failed = true;
        }
        sink.add({ kind: 'message', lines: [lineNumber, lineNumber], severity, text: clip((annotation[2] ?? '').trim()), step: step?.name ?? null });
        return;
      }
      if (/^Cleaning up orphan processes/.test(text)) sink.ended = true;
      const runner = /^Runner name: '(.+)'$/.exec(text);
      if (runner?.[1]) worker ??= runner[1];
      scanArtifact(sink, text, lineNumber);
    },
    finish(summary) {
      closeStep();
      sink.add({
        kind: 'run', lines: [Math.max(firstLine, 1), Math.max(summary.lines, 1)], tool: 'github-actions', name: null,
        result: cancelled ? 'canceled' : errors > 0 ? 'failure' : null, startedAt: first, endedAt: readIso(lastStamp), triggeredBy: null, worker,
      });
    },
  };
}
