import type { ReadTime } from '../../shared/api/imports';
import { scanArtifact } from './artifacts';
import type { FactSink, LineParser } from './sink';
import { clip, stripAnsi } from './text';
import { readEpochSeconds, readIso } from './time';

// A GitLab CI job trace: ANSI colours, `section_start:<epoch>:<name>` / `section_end:<epoch>:<name>`
// markers (in UTC seconds), "Job succeeded" or "ERROR: Job failed: …". Newer runners prefix each line
// with an ISO timestamp and a stream tag (`2024-01-15T10:00:00.123456Z 00O `).

const MARKER = /section_(start|end):(\d{9,11}):([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?/g;
const STAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) [0-9a-f]{2}[OE]\+? ?/;

interface OpenSection { name: string; first: number; startedAt: ReadTime | null; failed: boolean; parent: string | null }

export function gitlabParser(sink: FactSink): LineParser {
  const open: OpenSection[] = [];
  let result: string | null = null;
  let first: ReadTime | null = null;
  let last: ReadTime | null = null;
  let lastStamp: string | null = null;
  let endLine = 0;
  let worker: string | null = null;
  let firstLine = 0;

  return {
    line(raw, lineNumber) {
      let text = stripAnsi(raw);
      const stamp = STAMPED.exec(text);
      if (stamp?.[1]) {
        // Line stamps stay text until the end: only the first and the last become times.
        first ??= readIso(stamp[1]);
        lastStamp = stamp[1];
        last = null;
        text = text.slice(stamp[0].length);
      }
      if (firstLine === 0 && text.trim() !== '') firstLine = lineNumber;
      if (text.includes('section_')) {
        for (const m of text.matchAll(MARKER)) {
          const time = readEpochSeconds(Number(m[2]), m[2]);
          if (time) {
            first ??= time;
            last = time;
            lastStamp = null;
          }
          const name = m[3] ?? '';
          if (m[1] === 'start') open.push({ name, first: lineNumber, startedAt: time, failed: false, parent: open.at(-1)?.name ?? null });
          else {
            const index = open.map((s) => s.name).lastIndexOf(name);
            if (index === -1) continue;
            const [section] = open.splice(index, 1);
            if (section) sink.add({ kind: 'step', lines: [section.first, lineNumber], level: 'section', name, parent: section.parent, result: section.failed ? 'failure' : 'success', startedAt: section.startedAt, endedAt: time, worker: null });
          }
        }
        text = text.replace(MARKER, '');
      }
      // A carriage return inside a line overwrote what came before it on the terminal.
      if (text.includes('\r')) text = text.split('\r').filter((part) => part.trim() !== '').at(-1) ?? '';
      const trimmed = text.trim();
      if (trimmed === '') return;
      if (/^Job succeeded\b/.test(trimmed)) {
        result = 'success';
        sink.ended = true;
        endLine = lineNumber;
        return;
      }
      const failed = /^ERROR: Job failed(?::\s*(.*))?$/.exec(trimmed);
      if (failed) {
        result = /canceled|cancelled/i.test(failed[1] ?? '') ? 'canceled' : 'failure';
        sink.ended = true;
        endLine = lineNumber;
      }
      const on = /^on (\S+) (\S+)$/.exec(trimmed);
      if (on && worker === null) worker = `${on[1]} ${on[2]}`;
      const message = /^(ERROR|WARNING):\s*(.*)$/.exec(trimmed);
      if (message) {
        const section = open.at(-1);
        if (message[1] === 'ERROR' && section) section.failed = true;
        sink.add({ kind: 'message', lines: [lineNumber, lineNumber], severity: message[1] === 'ERROR' ? 'error' : 'warning', text: clip(trimmed), step: section?.name ?? null });
        return;
      }
      scanArtifact(sink, trimmed, lineNumber);
    },
    finish(summary) {
      for (const section of open.splice(0)) {
        sink.add({ kind: 'step', lines: [section.first, Math.max(summary.lines, 1)], level: 'section', name: section.name, parent: section.parent, result: section.failed ? 'failure' : null, startedAt: section.startedAt, endedAt: null, worker: null });
        sink.warn(`The section "${section.name}" was never closed in the trace; the job may have been cut short.`);
      }
      if (result === null && summary.lines > 0) sink.warn('The trace has no "Job succeeded" or "Job failed" line, so the job had not ended or the file is cut short.');
      sink.add({ kind: 'run', lines: [Math.max(firstLine, 1), Math.max(endLine || summary.lines, 1)], tool: 'gitlab-ci', name: null, result, startedAt: first, endedAt: last ?? readIso(lastStamp), triggeredBy: null, worker });
    },
  };
}
