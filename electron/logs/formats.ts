import { defaultMasks, masksFrom, type Mask } from './masks';

// Line headers: a header regex splits a line into named fields (Date, Time, Level, …) and the
// Content the miner works on. Formats are written as loghub's "log_format" strings
// (`<Date> <Time> <Level> <Component>: <Content>`). The loghub datasets carry the masks, similarity
// threshold and depth their benchmark gave Drain (logpai/loghub and logpai/logparser,
// benchmark/Drain_benchmark.py `benchmark_settings`), so their accuracy is comparable with the
// published one; the common formats of deployment logs use the app's masks and are detected.

export interface LogFormat {
  name: string;
  /** The header regex; it has a named group Content, and optionally Level and time fields. */
  header: RegExp;
  masks: Mask[];
  similarity: number;
  depth: number;
  /** Tried by auto-detection. */
  detect?: boolean;
}

/**
 * loghub's `<Field>` format string as an anchored regex. logparser makes every field `(.*?)`, which
 * backtracks polynomially on a long line that does not match (a 100-word line took seconds); here a
 * field stays within one token, or within the brackets that close it, and only the last (Content)
 * takes the rest. Spaces in the format match runs of white space, as in logparser.
 */
export function formatRegex(logFormat: string): RegExp {
  const parts = logFormat.split(/(<[^<>]+>)/);
  let source = '';
  for (let k = 0; k < parts.length; k += 1) {
    const part = parts[k] ?? '';
    if (k % 2 === 0) {
      source += part.replace(/ +/g, '\\s+');
      continue;
    }
    const next = parts[k + 1] ?? '';
    const last = k === parts.length - 2 && next === '';
    const field = last ? '.*' : next.startsWith('\\]') ? '[^\\]]*?' : next.startsWith('\\)') ? '[^)]*?' : '\\S*?';
    source += `(?<${part.slice(1, -1)}>${field})`;
  }
  return new RegExp(`^${source}$`, 's');
}

interface Benchmark {
  logFormat: string;
  regex: string[];
  st: number;
  depth: number;
}

/** loghub's 16 datasets with Drain's benchmark settings (log_format, regex, st, depth). */
const loghub: Record<string, Benchmark> = {
  HDFS: { logFormat: '<Date> <Time> <Pid> <Level> <Component>: <Content>', regex: ['blk_-?\\d+', '(\\d+\\.){3}\\d+(:\\d+)?'], st: 0.5, depth: 4 },
  Hadoop: { logFormat: '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>', regex: ['(\\d+\\.){3}\\d+'], st: 0.5, depth: 4 },
  Spark: { logFormat: '<Date> <Time> <Level> <Component>: <Content>', regex: ['(\\d+\\.){3}\\d+', '\\b[KGTM]?B\\b', '([\\w-]+\\.){2,}[\\w-]+'], st: 0.5, depth: 4 },
  Zookeeper: { logFormat: '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>', regex: ['(/|)(\\d+\\.){3}\\d+(:\\d+)?'], st: 0.5, depth: 4 },
  BGL: { logFormat: '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>', regex: ['core\\.\\d+'], st: 0.5, depth: 4 },
  HPC: { logFormat: '<LogId> <Node> <Component> <State> <Time> <Flag> <Content>', regex: ['=\\d+'], st: 0.5, depth: 4 },
  Thunderbird: {
    logFormat: '<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content>',
    regex: ['(\\d+\\.){3}\\d+'],
    st: 0.5,
    depth: 4,
  },
  Windows: { logFormat: '<Date> <Time>, <Level>                  <Component>    <Content>', regex: ['0x.*?\\s'], st: 0.7, depth: 5 },
  Linux: { logFormat: '<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>', regex: ['(\\d+\\.){3}\\d+', '\\d{2}:\\d{2}:\\d{2}'], st: 0.39, depth: 6 },
  Android: {
    logFormat: '<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>',
    regex: ['(/[\\w-]+)+', '([\\w-]+\\.){2,}[\\w-]+', '\\b(\\-?\\+?\\d+)\\b|\\b0[Xx][a-fA-F\\d]+\\b|\\b[a-fA-F\\d]{4,}\\b'],
    st: 0.2,
    depth: 6,
  },
  HealthApp: { logFormat: '<Time>\\|<Component>\\|<Pid>\\|<Content>', regex: [], st: 0.2, depth: 4 },
  Apache: { logFormat: '\\[<Time>\\] \\[<Level>\\] <Content>', regex: ['(\\d+\\.){3}\\d+'], st: 0.5, depth: 4 },
  Proxifier: { logFormat: '\\[<Time>\\] <Program> - <Content>', regex: ['<\\d+\\ssec', '([\\w-]+\\.)+[\\w-]+(:\\d+)?', '\\d{2}:\\d{2}(:\\d{2})*', '[KGTM]B'], st: 0.6, depth: 3 },
  OpenSSH: { logFormat: '<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>', regex: ['(\\d+\\.){3}\\d+', '([\\w-]+\\.){2,}[\\w-]+'], st: 0.6, depth: 5 },
  OpenStack: { logFormat: '<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>', regex: ['((\\d+\\.){3}\\d+,?)+', '/.+?\\s', '\\d+'], st: 0.5, depth: 5 },
  Mac: { logFormat: '<Month>  <Date> <Time> <User> <Component>\\[<PID>\\]( \\(<Address>\\))?: <Content>', regex: ['([\\w-]+\\.){2,}[\\w-]+'], st: 0.7, depth: 6 },
};

const levels = 'TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERROR|ERR|SEVERE|FATAL|CRIT(?:ICAL)?|ALERT|EMERG';

/** The headers of deployment logs the app recognises by itself, most specific first. */
const common: LogFormat[] = [
  {
    name: 'log4j',
    header: new RegExp(
      `^(?<Date>\\d{2,4}[-/]\\d{2}[-/]\\d{2})[ T](?<Time>\\d{2}:?\\d{2}:?\\d{2}(?:[.,]\\d+)?)\\s+(?:-\\s+)?(?<Level>${levels})\\s+(?:\\[(?<Thread>[^\\]]*)\\]\\s+)?(?:(?<Component>[\\w.$@/-]+(?:\\[[^\\]]*\\])?)\\s*)?(?::|-)\\s+(?<Content>.*)$`,
      'i',
    ),
    masks: defaultMasks,
    similarity: 0.5,
    depth: 4,
    detect: true,
  },
  {
    name: 'iso-level',
    header: new RegExp(
      `^\\[?(?<Timestamp>\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)\\]?\\s+(?:\\[?(?<Level>${levels})\\]?:?\\s+)?(?<Content>.*)$`,
      'i',
    ),
    masks: defaultMasks,
    similarity: 0.5,
    depth: 4,
    detect: true,
  },
  {
    name: 'apache-error',
    header: /^\[(?<Time>[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d+)? \d{4})\] \[(?:[\w-]+:)?(?<Level>\w+)\](?: \[pid (?<Pid>\d+)(?::tid \d+)?\])? (?<Content>.*)$/,
    masks: defaultMasks,
    similarity: 0.5,
    depth: 4,
    detect: true,
  },
  {
    name: 'syslog',
    header: /^(?<Month>[A-Z][a-z]{2})\s+(?<Day>\d{1,2}) (?<Time>\d{2}:\d{2}:\d{2}) (?<Host>\S+) (?<Component>[^\s:[]+)(?:\[(?<Pid>\d+)\])?: (?<Content>.*)$/,
    masks: defaultMasks,
    similarity: 0.5,
    depth: 4,
    detect: true,
  },
];

/** No header: the whole line is the message. */
export const plainFormat: LogFormat = { name: 'plain', header: /^(?<Content>.*)$/s, masks: defaultMasks, similarity: 0.5, depth: 4 };

export const logFormats: LogFormat[] = [
  ...common,
  ...Object.entries(loghub).map(([name, b]) => ({ name, header: formatRegex(b.logFormat), masks: masksFrom(b.regex), similarity: b.st, depth: b.depth })),
  plainFormat,
];

export const formatNames = logFormats.map((format) => format.name);

export function findFormat(name: string): LogFormat | undefined {
  const lower = name.toLowerCase();
  return logFormats.find((format) => format.name.toLowerCase() === lower);
}

/** A caller's own header regex: it must compile and name a Content group. */
export function customFormat(source: string): LogFormat {
  let header: RegExp;
  try {
    header = new RegExp(source.startsWith('^') ? source : `^${source}`);
  } catch (error) {
    throw new RangeError(`The header regex does not compile: ${(error as Error).message}.`);
  }
  if (!/\(\?<Content>/.test(source)) throw new RangeError('The header regex must capture the message in a group named Content, as in (?<Content>.*).');
  return { name: 'custom', header, masks: defaultMasks, similarity: 0.5, depth: 4 };
}

/** The common header most of the sample's lines have (at least half), else plain. */
export function detectFormat(sample: readonly string[]): LogFormat {
  const lines = sample.filter((line) => line.trim() !== '');
  if (lines.length === 0) return plainFormat;
  let best = plainFormat;
  let bestHits = 0;
  for (const format of common) {
    const hits = lines.filter((line) => format.header.test(line)).length;
    if (hits > bestHits) [best, bestHits] = [format, hits];
  }
  return bestHits * 2 >= lines.length ? best : plainFormat;
}
