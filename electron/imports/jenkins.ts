import type { FactOf, ReadTime } from '../../shared/api/imports';
import { scanArtifact } from './artifacts';
import type { FactSink, LineParser } from './sink';
import { clip, detached, own, stripAnsi } from './text';
import { ClockSequence, readIso } from './time';

// Jenkins console output, with Timestamper prefixes ([ISO] or clock-only) or none, Pipeline markers
// ([Pipeline] stage / { (Name) / // stage), "Started by …" and "Finished: RESULT".

const ISO_PREFIX = /^\[(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)\] ?/;
const CLOCK_PREFIX = /^\[?(\d{2}:\d{2}:\d{2}(?:\.\d+)?)\]? ?/;
// eslint-disable-next-line no-control-regex
const CONSOLE_NOTE = /\u001b\[8mha:[^\u001b]*\u001b\[0m/g;

const timeOf = (stamp: string | null, clockAt: ReadTime | null): ReadTime | null => (stamp ? readIso(stamp) : clockAt);

interface OpenStage { name: string; level: 'stage' | 'branch'; first: number; startedAt: ReadTime | null; parent: string | null; failed: boolean }

export function jenkinsParser(sink: FactSink): LineParser {
  const clock = new ClockSequence();
  const stack: OpenStage[] = [];
  const skipped = new Set<string>();
  const steps: Array<FactOf<'step'>> = [];
  let stageNext = false;
  let first: ReadTime | null = null;
  let last: ReadTime | null = null;
  let lastStamp: string | null = null;
  let result: string | null = null;
  let endedAt: ReadTime | null = null;
  let endLine = 0;
  const triggers: string[] = [];
  let worker: string | null = null;
  let firstLine = 0;

  const innermostStage = () => {
    for (let i = stack.length - 1; i >= 0; i -= 1) if (stack[i]?.level === 'stage') return stack[i] ?? null;
    return null;
  };

  const close = (open: OpenStage, lineNumber: number, at: ReadTime | null) => {
    steps.push(detached<FactOf<'step'>>({
      kind: 'step', lines: [open.first, lineNumber], level: open.level, name: open.name, parent: open.parent,
      result: open.failed ? 'failure' : null, startedAt: open.startedAt, endedAt: at, worker: null,
    }));
  };

  return {
    line(raw, lineNumber) {
      let text = raw.includes('\u001b') ? stripAnsi(raw.replace(CONSOLE_NOTE, '')) : raw;
      // ISO stamps are only turned into times for the few lines that need one (first, last, stage edges).
      let stamp: string | null = null;
      let clockAt: ReadTime | null = null;
      if (text.charCodeAt(0) === 91 /* [ */ && text.charCodeAt(5) === 45 /* - */) {
        const iso = ISO_PREFIX.exec(text);
        if (iso?.[1]) {
          stamp = iso[1];
          text = text.slice(iso[0].length);
        }
      } else {
        const c = CLOCK_PREFIX.exec(text);
        if (c && c[1]) {
          clockAt = clock.read(c[1]);
          if (clockAt) text = text.slice(c[0].length);
        }
      }
      if (!stamp && !clockAt && text.trim() === '') return;
      if (firstLine === 0) firstLine = lineNumber;
      if (stamp) {
        first ??= readIso(own(stamp));
        lastStamp = stamp;
        last = null;
      } else if (clockAt) {
        first ??= clockAt;
        last = clockAt;
        lastStamp = null;
      }
      if (text.startsWith('[Pipeline] ')) {
        const marker = text.slice(11);
        if (marker === 'stage') stageNext = true;
        else if (marker.startsWith('{ (') && marker.endsWith(')')) {
          const name = marker.slice(3, -1);
          const branch = name.startsWith('Branch: ');
          if (stageNext || branch) {
            const stageName = own(branch ? name.slice(8) : name);
            // A parallel branch's stage belongs to the stage holding the parallel block, not to a sibling branch.
            const holder = branch ? null : stack.find((s) => s.level === 'branch' && s.name === stageName);
            const parent = holder ? holder.parent : innermostStage()?.name ?? null;
            stack.push({ name: stageName, level: branch ? 'branch' : 'stage', first: lineNumber, startedAt: timeOf(stamp, clockAt), parent, failed: false });
          }
          stageNext = false;
        } else if (marker === '// stage' || marker === '// parallel') {
          const level = marker === '// stage' ? 'stage' : 'branch';
          for (let i = stack.length - 1; i >= 0; i -= 1) {
            if (stack[i]?.level !== level) continue;
            const [open] = stack.splice(i, 1);
            if (open) close(open, lineNumber, timeOf(stamp, clockAt));
            if (level === 'stage') break;
          }
        } else stageNext = false;
        return;
      }
      const skip = /^Stage "(.+)" skipped due to (.+)$/.exec(text);
      if (skip?.[1]) {
        skipped.add(own(skip[1]));
        return;
      }
      const started = /^Started by (.+)$/.exec(text) ?? /^(Push event to branch .+|Branch indexing|Replayed #\d+|Rebuilds build #\d+.*|Branch event)$/.exec(text);
      // "Started by user X" and a following "Replayed #41" or "Rebuilds build #41" are kept together.
      if (started?.[1] && triggers.length < 4 && !triggers.includes(started[1].trim())) triggers.push(own(started[1].trim()));
      const running = /^Running on (.+?) in (\/|[A-Za-z]:\\)/.exec(text);
      if (running?.[1] && worker === null) worker = own(running[1]);
      const finished = /^Finished: (SUCCESS|FAILURE|ABORTED|UNSTABLE|NOT_BUILT)\s*$/.exec(text);
      if (finished?.[1]) {
        result = finished[1].toLowerCase();
        sink.ended = true;
        endedAt = timeOf(stamp, clockAt);
        endLine = lineNumber;
        return;
      }
      const error = /^(?:ERROR|FATAL):\s*(.*)$|^\[ERROR\]\s*(.*)$|^(?:hudson|java)\.\S+(?:Exception|Error)\b(.*)$/.exec(text);
      const warning = error ? null : /^(?:WARNING|WARN):\s*(.*)$|^\[WARN(?:ING)?\]\s*(.*)$/.exec(text);
      if (error || warning) {
        const stage = innermostStage();
        if (error && stage) stage.failed = true;
        sink.add({ kind: 'message', lines: [lineNumber, lineNumber], severity: error ? 'error' : 'warning', text: clip(text.trim()), step: stage?.name ?? null });
        return;
      }
      scanArtifact(sink, text, lineNumber);
    },
    finish(summary) {
      for (const open of stack.splice(0).reverse()) {
        close(open, summary.lines, null);
        sink.warn(`The stage "${open.name}" was never closed in the log; the run may have been cut short.`);
      }
      for (const step of steps.sort((a, b) => a.lines[0] - b.lines[0])) {
        if (skipped.has(step.name)) step.result = 'skipped';
        sink.add(step);
      }
      if (result === null && summary.lines > 0) sink.warn('The log has no "Finished:" line, so the run had not ended or the file is cut short.');
      sink.add({
        kind: 'run', lines: [Math.max(firstLine, 1), Math.max(endLine || summary.lines, 1)], tool: 'jenkins', name: null, result,
        startedAt: first, endedAt: endedAt ?? (result ? last ?? readIso(lastStamp) : null), triggeredBy: triggers.length > 0 ? triggers.join('; ') : null, worker,
      });
    },
  };
}
