import type { FactOf } from '../../shared/api/imports';
import type { FactSink, LineParser } from './sink';
import { clip, own, stripAnsi } from './text';

// ansible-playbook's default stdout: PLAY [..] / TASK [..] / RUNNING HANDLER [..] banners, one status
// line per host (`ok:`, `changed:`, `failed:`, `fatal: [h]: FAILED! => {…}`, `fatal: [h]: UNREACHABLE!`),
// `...ignoring` after an ignored failure, and the PLAY RECAP with counts per host.

const BANNER = /^(PLAY|TASK|RUNNING HANDLER) \[(.*)\] \**\s*$/;
const FAILURE = /^(failed|fatal): \[([^\]]+)\](?:: (FAILED|UNREACHABLE)!)?(?: \(item=(.*?)\))?(?: => (.*))?$/;
const RECAP = /^(\S+)\s+: ((?:\w+=\d+\s*)+)$/;

function messageOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const msg = parsed.msg ?? parsed.stderr ?? parsed.message;
    if (typeof msg === 'string' && msg !== '') return clip(msg);
  } catch {
    const m = /"msg": "((?:[^"\\]|\\.)*)"/.exec(body);
    if (m?.[1]) return clip(m[1].replace(/\\"/g, '"'));
  }
  return null;
}

export function ansibleParser(sink: FactSink): LineParser {
  let play: string | null = null;
  let task: string | null = null;
  let inRecap = false;
  let pending: FactOf<'task-result'> | null = null;
  let body: string[] | null = null;
  let depth = 0;
  const results: Array<FactOf<'task-result'>> = [];

  const settle = () => {
    if (pending && body) {
      const message = messageOf(body.join('\n'));
      pending.message ??= message === null ? null : own(message);
    }
    body = null;
    depth = 0;
  };

  return {
    line(raw, lineNumber) {
      const text = stripAnsi(raw);
      if (body && pending) {
        body.push(text);
        pending.lines[1] = lineNumber;
        depth += (text.match(/[{[]/g)?.length ?? 0) - (text.match(/[}\]]/g)?.length ?? 0);
        if (depth <= 0) settle();
        return;
      }
      const banner = BANNER.exec(text);
      if (banner) {
        settle();
        pending = null;
        if (banner[1] === 'PLAY') {
          inRecap = false;
          play = banner[2] === undefined ? null : own(banner[2]);
        }
        task = banner[1] === 'PLAY' || banner[2] === undefined ? null : own(banner[2]);
        return;
      }
      if (/^PLAY RECAP \**\s*$/.test(text)) {
        settle();
        inRecap = true;
        sink.ended = true;
        return;
      }
      if (text.startsWith('...ignoring')) {
        if (pending) pending.ignored = true;
        return;
      }
      if (inRecap) {
        const recap = RECAP.exec(text.trim());
        if (!recap?.[1] || !recap[2]) return;
        const counts: Record<string, number> = {};
        for (const pair of recap[2].trim().split(/\s+/)) {
          const [key, value] = pair.split('=');
          if (key) counts[key] = Number(value);
        }
        const status = (counts.unreachable ?? 0) > 0 ? 'unreachable' : (counts.failed ?? 0) > 0 ? 'failed' : (counts.changed ?? 0) > 0 ? 'changed' : 'ok';
        sink.add({ kind: 'host-status', lines: [lineNumber, lineNumber], host: recap[1], status, counts });
        return;
      }
      const failure = FAILURE.exec(text);
      if (failure?.[2]) {
        settle();
        pending = {
          kind: 'task-result', lines: [lineNumber, lineNumber], play, task: task ?? '(no task)', host: own(failure[2]),
          status: failure[3] === 'UNREACHABLE' ? 'unreachable' : 'failed', item: failure[4] === undefined ? null : own(failure[4]), message: null, ignored: false, startedAt: null, endedAt: null,
        };
        results.push(pending);
        const rest = (failure[5] ?? '').trim();
        if (rest.startsWith('{') || rest.startsWith('[')) {
          body = [rest];
          depth = (rest.match(/[{[]/g)?.length ?? 0) - (rest.match(/[}\]]/g)?.length ?? 0);
          if (depth <= 0) settle();
        }
        return;
      }
      if (/^(ok|changed|skipping|included|rescued):/.test(text)) {
        settle();
        pending = null;
      }
    },
    finish() {
      settle();
      for (const result of results) sink.add(result);
    },
  };
}
