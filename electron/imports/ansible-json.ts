import { AppError } from '../../shared/api/errors';
import type { FactSink } from './sink';
import { isObject, num, str, type Locator } from './structured';
import { clip } from './text';
import { readIso } from './time';

// The ansible.posix.json callback (ANSIBLE_STDOUT_CALLBACK=json): plays[].tasks[].hosts{host: result}
// with durations, and stats{host: {ok, changed, failures, unreachable, skipped, rescued, ignored}}.

export function parseAnsibleJson(value: unknown, loc: Locator, sink: FactSink): void {
  if (!isObject(value) || !Array.isArray(value.plays)) throw new AppError('VALIDATION', 'This JSON is not Ansible JSON callback output: it has no "plays" list.');
  value.plays.forEach((entry, p) => {
    if (!isObject(entry)) return;
    const play = isObject(entry.play) ? str(entry.play.name) : null;
    const tasks = Array.isArray(entry.tasks) ? entry.tasks : [];
    tasks.forEach((t, ti) => {
      if (!isObject(t)) return;
      const task = isObject(t.task) ? t.task : {};
      const duration = isObject(task.duration) ? task.duration : {};
      const hosts = isObject(t.hosts) ? t.hosts : {};
      for (const [host, result] of Object.entries(hosts)) {
        if (!isObject(result)) continue;
        const unreachable = result.unreachable === true;
        if (!unreachable && result.failed !== true) continue;
        sink.add({
          kind: 'task-result', lines: loc.lines(['plays', p, 'tasks', ti, 'hosts', host]), play, task: str(task.name) ?? '(no task)', host,
          status: unreachable ? 'unreachable' : 'failed', item: null, message: str(result.msg) ? clip(str(result.msg) as string) : str(result.stderr),
          ignored: result._ansible_ignore_errors === true || result.ignore_errors === true, startedAt: readIso(str(duration.start)), endedAt: readIso(str(duration.end)),
        });
      }
    });
  });
  const stats = isObject(value.stats) ? value.stats : {};
  for (const [host, s] of Object.entries(stats)) {
    if (!isObject(s)) continue;
    const counts: Record<string, number> = {};
    for (const [key, count] of Object.entries(s)) if (num(count) !== null) counts[key === 'failures' ? 'failed' : key] = num(count) as number;
    const status = (counts.unreachable ?? 0) > 0 ? 'unreachable' : (counts.failed ?? 0) > 0 ? 'failed' : (counts.changed ?? 0) > 0 ? 'changed' : 'ok';
    sink.add({ kind: 'host-status', lines: loc.lines(['stats', host]), host, status, counts });
  }
}
