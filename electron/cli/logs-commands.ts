import type { CommandSpec } from './spec';
import { argsExactly } from './command-kit';
import { UsageError } from './usage';

// `release-audit logs templates FILE`: the log-template miner on one file, offline, without a data
// folder: each line's template id, then the templates found (or the JSON a pipeline reads).

const number = (value: unknown, flag: string, check: (n: number) => boolean, range: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!check(n)) throw new UsageError(`${flag} must be ${range}.`);
  return n;
};

export const logsCommands: CommandSpec[] = [
  {
    name: 'logs templates',
    synopsis: 'FILE [--json] [--format NAME|--header REGEX] [--similarity 0.5] [--depth 4]',
    summary: 'Mine the templates of a log file (Drain): each line’s template id and the templates found',
    details: [
      'Variable parts (numbers, hex ids, UUIDs, IPv4/IPv6 addresses with ports, paths, dates and times) become <*> before mining.',
      'The line header is detected (log4j, ISO time + level, Apache error log, syslog) unless --format names one of:',
      '  log4j, iso-level, apache-error, syslog, plain, and the loghub datasets (HDFS, Hadoop, Spark, Zookeeper, BGL, HPC, Thunderbird,',
      '  Windows, Linux, Android, HealthApp, Apache, Proxifier, OpenSSH, OpenStack, Mac) with the masks and settings of their Drain benchmark,',
      '  or --header gives a regex with a group named Content, e.g. --header "^(?<Time>\\S+) (?<Level>\\w+) (?<Content>.*)$".',
      '--similarity ST   share of equal tokens a line needs to join a template (0–1; the format’s, 0.5 unless said)',
      '--depth D         depth of the parse tree (3–20; D − 3 leading tokens choose the branch; the format’s, 4 unless said)',
      '--json            {"templates":[{"id","template","count"}],"lines":[the template id of each line, in order]}',
    ],
    options: { json: { type: 'boolean' }, format: { type: 'string' }, header: { type: 'string' }, similarity: { type: 'string' }, depth: { type: 'string' } },
    async run({ values, args, io }) {
      const [file] = argsExactly(args, 'FILE to mine');
      if (values.format !== undefined && values.header !== undefined) throw new UsageError('Give --format or --header, not both.');
      const similarity = number(values.similarity, '--similarity', (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
      const depth = number(values.depth, '--depth', (n) => Number.isInteger(n) && n >= 3 && n <= 20, 'a whole number from 3 to 20');
      const { customFormat, findFormat, formatNames } = await import('../logs/formats');
      let format;
      if (typeof values.format === 'string') {
        format = findFormat(values.format);
        if (!format) throw new UsageError(`--format must be one of ${formatNames.join(', ')}.`);
      } else if (typeof values.header === 'string') {
        try {
          format = customFormat(values.header);
        } catch (error) {
          throw new UsageError(`--header: ${(error as Error).message}`);
        }
      }
      const { mineFile } = await import('../logs/miner');
      const result = await mineFile(file!, { ...(format ? { format } : {}), ...(similarity !== undefined ? { similarity } : {}), ...(depth !== undefined ? { depth } : {}) });
      if (values.json) {
        io.out(`{"templates":${JSON.stringify(result.templates)},"lines":[${result.lineTemplateIds.join(',')}]}`);
        return 0;
      }
      const width = String(result.lineTemplateIds.length).length;
      result.lineTemplateIds.forEach((id, i) => io.out(`${String(i + 1).padStart(width)}  T${id}`));
      io.out('');
      const cut = result.cutLines > 0 ? `, ${result.cutLines} line${result.cutLines === 1 ? '' : 's'} mined on their first 64 KiB` : '';
      const misses = result.headerMisses > 0 ? `, ${result.headerMisses} without the ${result.format} header (mined whole)` : '';
      io.out(`${result.templates.length} template${result.templates.length === 1 ? '' : 's'} in ${result.lineTemplateIds.length} lines (header: ${result.format}${misses}${cut}):`);
      for (const t of result.templates) io.out(`T${t.id}  ${String(t.count).padStart(width)}  ${t.template}`);
      return 0;
    },
  },
];
