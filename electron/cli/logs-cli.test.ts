import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';

// `release-audit logs templates` on real files, in process (the command needs no data folder).

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const deployLog = [
  '2026-11-30T10:00:00Z INFO Deploy of api started on 10.0.0.5:22',
  '2026-11-30T10:00:02Z INFO Deploy of web started on 10.0.0.6:22',
  '2026-11-30T10:00:09Z ERROR Health check failed after 3 retries',
  '2026-11-30T10:00:10Z INFO Deploy of db started on 10.0.0.7:22',
  '',
].join('\n');

function file(text: string | Buffer, name = 'deploy.log'): string {
  const target = path.join(tempDir(), name);
  fs.writeFileSync(target, text);
  return target;
}

describe('release-audit logs templates', () => {
  it('prints exactly {"templates":[{id,template,count}],"lines":[…]} with --json', async () => {
    const result = await cli('logs', 'templates', file(deployLog), '--json');
    expect(result.code, result.err).toBe(0);
    const parsed = JSON.parse(result.out) as unknown;
    expect(parsed).toEqual({
      templates: [
        { id: 1, template: 'Deploy of <*> started on <*>', count: 3 },
        { id: 2, template: 'Health check failed after <*> retries', count: 1 },
      ],
      lines: [1, 1, 2, 1],
    });
    expect(Object.keys(parsed as object)).toEqual(['templates', 'lines']);
    expect(Object.keys((parsed as { templates: object[] }).templates[0]!)).toEqual(['id', 'template', 'count']);
  });

  it('prints each line’s template id, then the templates, as text', async () => {
    const result = await cli('logs', 'templates', file(deployLog));
    expect(result.code).toBe(0);
    expect(result.out.split('\n')).toEqual([
      '1  T1', '2  T1', '3  T2', '4  T1', '',
      '2 templates in 4 lines (header: iso-level):',
      'T1  3  Deploy of <*> started on <*>',
      'T2  1  Health check failed after <*> retries',
    ]);
  });

  it('takes a named format, a header regex, a similarity and a depth', async () => {
    const hdfs = file('081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating\n');
    const named = JSON.parse((await cli('logs', 'templates', hdfs, '--format', 'hdfs', '--json')).out) as { templates: Array<{ template: string }> };
    expect(named.templates[0]!.template).toBe('PacketResponder 1 for block <*> terminating');
    const own = await cli('logs', 'templates', file('a|b|x 1 go\na|b|y 2 go\n'), '--header', '^\\w\\|\\w\\|(?<Content>.*)$', '--similarity', '0.3', '--depth', '3', '--json');
    // Masked "x <*> go" and "y <*> go" share 1 of 3 tokens: enough at 0.3, not at the default 0.5.
    expect(JSON.parse(own.out)).toEqual({ templates: [{ id: 1, template: '<*> <*> go', count: 2 }], lines: [1, 1] });
  });

  it('refuses bad arguments with exit 2 and its usage', async () => {
    const log = file(deployLog);
    const cases: Array<[string[], string]> = [
      [[], 'Name the FILE to mine.'],
      [[log, '--similarity', '2'], '--similarity must be a number from 0 to 1.'],
      [[log, '--depth', '2'], '--depth must be a whole number from 3 to 20.'],
      [[log, '--format', 'nope'], '--format must be one of log4j, iso-level'],
      [[log, '--format', 'HDFS', '--header', '(?<Content>.*)'], 'Give --format or --header, not both.'],
      [[log, '--header', '(?<Msg>.*)'], 'group named Content'],
      [[log, '--header', '(?<Content>.*'], 'does not compile'],
    ];
    for (const [args, message] of cases) {
      const result = await cli('logs', 'templates', ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toContain(message);
      expect(result.err).toContain('Usage: release-audit');
    }
  });

  it('refuses a binary file and a missing one in plain words', async () => {
    const binary = await cli('logs', 'templates', file(Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 10]), 'bundle.zip'));
    expect(binary.code).toBe(2);
    expect(binary.err).toContain('looks like a binary file');
    const missing = await cli('logs', 'templates', path.join(tempDir(), 'gone.log'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('There is no file at');
  });
});
