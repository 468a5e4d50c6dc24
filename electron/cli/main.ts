import { parseArgs } from 'node:util';
import { resolveDataDir } from '../paths';
import { openCore, type Core } from '../services';
import { AppError } from '../../shared/api/errors';
import { commandOptions, commands } from './commands';
import { UsageError, usage } from './usage';

// The release-audit command: the same services as the app, for pipelines and scripting.

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const globalOptions = new Set(['data-dir', 'actor', 'help']);

/** Options a command does not take are refused, not silently ignored; global ones are checked here. */
function checkOptions(command: string, values: Record<string, unknown>): void {
  const allowed = new Set(commandOptions[command] ?? []);
  for (const name of Object.keys(values)) {
    if (!globalOptions.has(name) && !allowed.has(name)) throw new UsageError(`--${name} is not an option of \`${command}\`.`);
  }
  const dataDir = values['data-dir'];
  if (typeof dataDir === 'string' && dataDir.trim() === '') throw new UsageError('--data-dir needs a folder.');
  const actor = values.actor;
  if (typeof actor === 'string' && (actor.trim() === '' || actor.length > 100 || /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(actor))) {
    throw new UsageError('--actor must be a name of 1 to 100 printable characters.');
  }
}

// eslint-disable-next-line no-control-regex -- these are the characters a terminal must not get raw
const hidden = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** An error message as a terminal may show it: an argument's escape codes or text-direction characters spelled out. */
function plain(message: string): string {
  return message.replace(hidden, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let core: Core | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        actor: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        json: { type: 'boolean' },
        list: { type: 'boolean' },
        name: { type: 'string' },
        description: { type: 'string' },
        audit: { type: 'string' },
        port: { type: 'string' },
        'refers-to': { type: 'string' },
        'source-system': { type: 'string' },
        note: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        reason: { type: 'string' },
        'expect-head': { type: 'string', multiple: true },
        summary: { type: 'boolean' },
        sign: { type: 'boolean' },
        distribution: { type: 'string' },
        'expect-signer': { type: 'string' },
        for: { type: 'string' },
        trust: { type: 'string' },
      },
    });
    if (values.help || positionals.length === 0 || positionals[0] === 'help') {
      io.out(usage);
      return values.help || positionals[0] === 'help' ? 0 : 2;
    }
    const [first = '', second = ''] = positionals;
    const key = ['audit', 'evidence', 'library', 'template', 'bundle'].includes(first) ? `${first} ${second}` : first;
    const command = commands[key];
    if (!command) throw new UsageError(`Unknown command: ${positionals.slice(0, 2).join(' ')}`);
    const args = positionals.slice(key.split(' ').length);
    checkOptions(key, values);
    // The data folder is opened only once a command has its arguments right.
    const open = (options: { mustExist?: boolean } = {}) => {
      core ??= openCore({
        dataDir: resolveDataDir(values['data-dir']),
        ...(values.actor ? { actor: values.actor } : {}),
        mustExist: options.mustExist ?? false,
      });
      return core;
    };
    return await command({ open, values, args, io });
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`release-audit: ${plain((error as Error).message)}`);
      io.err(usage);
      return 2;
    }
    if (error instanceof AppError) {
      io.err(`release-audit: ${plain(error.message)}`);
      // Input the app refuses (a field out of range, a file that is not a valid template) is bad
      // input like a bad argument, whether the contract or the service found it: exit 2.
      return error.code === 'VALIDATION' ? 2 : 1;
    }
    io.err(`release-audit: ${plain((error as Error).message ?? String(error))}`);
    return 1;
  } finally {
    core?.close();
  }
}
