import type { AnomalyKind, AnomalySettings } from '../../shared/api/logs';
import { readIso } from '../imports/time';
import { WILDCARD } from './drain';
import type { LogFormat } from './formats';
import { mineFile } from './miner';

// What one log shows by itself (error bursts, gaps in time) found in the mining pass, and what a
// release's templates show against those of earlier releases (new templates, rates that jumped).

export interface TemplateStat {
  template: string;
  count: number;
  first: number;
  last: number;
}

export interface LogEvent {
  kind: 'error-burst' | 'time-gap';
  from: number;
  to: number;
  /** Error lines in the burst. */
  count: number;
  seconds: number;
}

export interface ScannedLog {
  format: string;
  lines: number;
  templates: TemplateStat[];
  events: LogEvent[];
}

export interface Anomaly {
  kind: AnomalyKind;
  subject: string;
  title: string;
  detail: string;
  lines: [number, number];
}

/** Events kept per log at most: a log that is one long burst says so in its first ones. */
export const MAX_EVENTS = 200;
/** New templates reported per log at most, the most frequent first (a log of another system altogether would report hundreds). */
export const MAX_NEW_TEMPLATES = 50;
const errorLevels = new Set(['ERROR', 'ERR', 'FATAL', 'CRITICAL', 'CRIT', 'SEVERE', 'ALERT', 'EMERG', 'PANIC', 'EXCEPTION', 'FAILED', 'FAILURE']);

/** A line's time as its header wrote it, in epoch milliseconds (a year-less syslog time gets a fixed year: only differences count). */
export function lineTime(text: string | null): number | null {
  if (!text) return null;
  const iso = readIso(text.replace(',', '.'));
  if (iso?.utc) return Date.parse(iso.utc);
  const compact = /^(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})$/.exec(text) ?? /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (compact) {
    const [, y, mo, d, h, mi, s] = compact.map(Number) as number[];
    return Date.UTC(2000 + y!, mo! - 1, d!, h!, mi!, s!);
  }
  if (!/\d{1,2}:\d{2}/.test(text)) return null;
  const withYear = /\b\d{4}\b/.test(text.replace(/\d{2}:\d{2}:\d{2}/, '')) ? text : `${text} 2000`;
  const parsed = Date.parse(`${withYear} UTC`);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Mines one log and finds its error bursts and gaps in the same pass. */
export async function scanLog(filePath: string, settings: AnomalySettings, format?: LogFormat): Promise<ScannedLog> {
  const firstLast = new Map<number, [number, number]>();
  const events: LogEvent[] = [];
  const window: Array<{ t: number; line: number }> = [];
  let burst: (LogEvent & { startT: number; lastT: number }) | null = null;
  let previous: { t: number; line: number } | null = null;
  const push = (event: LogEvent) => {
    if (events.length < MAX_EVENTS) events.push(event);
  };
  const closeBurst = () => {
    if (burst) push({ kind: burst.kind, from: burst.from, to: burst.to, count: burst.count, seconds: burst.seconds });
    burst = null;
  };
  const result = await mineFile(filePath, {
    ...(format ? { format } : {}),
    onLine: (mined, line) => {
      const span = firstLast.get(mined.templateId);
      if (span) span[1] = line;
      else firstLast.set(mined.templateId, [line, line]);
      const t = lineTime(mined.timeText);
      if (t === null) return;
      if (previous && t - previous.t > settings.gapSeconds * 1000) push({ kind: 'time-gap', from: previous.line, to: line, count: 0, seconds: Math.round((t - previous.t) / 1000) });
      if (!previous || t >= previous.t) previous = { t, line };
      if (!mined.level || !errorLevels.has(mined.level)) return;
      window.push({ t, line });
      while (window.length > 0 && t - window[0]!.t > settings.burstSeconds * 1000) window.shift();
      if (window.length < settings.burstLines) return;
      if (burst && window[0]!.t <= burst.lastT) {
        burst.to = line;
        burst.count += 1;
        burst.lastT = t;
        burst.seconds = Math.round((t - burst.startT) / 1000);
        return;
      }
      closeBurst();
      burst = { kind: 'error-burst', from: window[0]!.line, to: line, count: window.length, seconds: Math.round((t - window[0]!.t) / 1000), startT: window[0]!.t, lastT: t };
    },
  });
  closeBurst();
  const templates = result.templates.map((t) => {
    const [first, last] = firstLast.get(t.id) ?? [0, 0];
    return { template: t.template, count: t.count, first, last };
  });
  return { format: result.format, lines: result.lineTemplateIds.length, templates, events: events.sort((a, b) => a.from - b.from) };
}

/** Whether two templates are one kind of line: same length, and at least `similarity` of positions equal or <*> on either side. */
export function sameKind(a: string[], b: string[], similarity: number): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  let same = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] === b[i] || a[i] === WILDCARD || b[i] === WILDCARD) same += 1;
  return same / a.length >= Math.max(similarity, 0.5);
}

export interface History {
  lines: number;
  templates: Array<{ tokens: string[]; count: number }>;
}

/** The history of earlier releases pooled: each distinct template once, with its lines in all. */
export function poolHistory(logs: ReadonlyArray<Pick<ScannedLog, 'lines' | 'templates'>>): History {
  const byText = new Map<string, number>();
  let lines = 0;
  for (const log of logs) {
    lines += log.lines;
    for (const t of log.templates) byText.set(t.template, (byText.get(t.template) ?? 0) + t.count);
  }
  return { lines, templates: [...byText].map(([text, count]) => ({ tokens: text.split(' '), count })) };
}

const share = (n: number) => `${(n * 100).toFixed(n < 0.01 ? 3 : 1)}%`;

/** One log of this release against the history: its new templates and the rates that jumped. */
export function compareWithHistory(log: ScannedLog, history: History, settings: AnomalySettings, similarity = 0.5): Anomaly[] {
  if (history.lines === 0 || log.lines === 0) return [];
  const found: Anomaly[] = [];
  let fresh = 0;
  for (const t of [...log.templates].sort((a, b) => b.count - a.count || a.first - b.first)) {
    const tokens = t.template.split(' ');
    const earlier = history.templates.filter((h) => sameKind(h.tokens, tokens, similarity)).reduce((sum, h) => sum + h.count, 0);
    const rate = t.count / log.lines;
    if (earlier === 0) {
      if ((fresh += 1) > MAX_NEW_TEMPLATES) continue;
      found.push({
        kind: 'new-template',
        subject: t.template,
        title: `New kind of line: ${t.template.slice(0, 160)}`,
        detail: `${t.count} line${t.count === 1 ? '' : 's'} of a template no earlier release of this system logged (first at line ${t.first}, last at ${t.last}).`,
        lines: [t.first, t.first],
      });
      continue;
    }
    const before = earlier / history.lines;
    if (t.count >= settings.rateMinLines && rate >= settings.rateFactor * before) {
      found.push({
        kind: 'rate-jump',
        subject: t.template,
        title: `Rate jumped ${(rate / before).toFixed(1)}×: ${t.template.slice(0, 160)}`,
        detail: `${t.count} of ${log.lines} lines (${share(rate)}) against ${share(before)} in earlier releases (${earlier} of ${history.lines} lines); the threshold is ${settings.rateFactor}×.`,
        lines: [t.first, t.last],
      });
    }
  }
  return found;
}

/** The bursts and gaps of one log as anomalies. */
export function eventAnomalies(log: ScannedLog, settings: AnomalySettings): Anomaly[] {
  return log.events.map((e) =>
    e.kind === 'error-burst'
      ? {
          kind: e.kind,
          subject: `${e.from}-${e.to}`,
          title: `Error burst: ${e.count} error lines in ${e.seconds} s`,
          detail: `${e.count} error-level lines from line ${e.from} to ${e.to}, within ${e.seconds} s (the threshold is ${settings.burstLines} in ${settings.burstSeconds} s).`,
          lines: [e.from, e.to],
        }
      : {
          kind: e.kind,
          subject: `${e.from}-${e.to}`,
          title: `No line for ${e.seconds} s during the run`,
          detail: `Line ${e.from} and line ${e.to} are ${e.seconds} s apart while the run was going (the threshold is ${settings.gapSeconds} s).`,
          lines: [e.from, e.to],
        },
  );
}
