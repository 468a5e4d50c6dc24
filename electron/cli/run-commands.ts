import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveDataDir, sourceRoot } from '../paths';
import type { Core } from '../services';
import type { CliIo, CommandSpec, OptionSpec, OptionValues, Prepared } from './spec';
import { UsageError, commandHelp, groupUsage, overview, unknownCommandHint, usageLine } from './usage';

// How the release-audit command runs a command line over a list of command definitions: main.ts
// over every command, evidence-add-main.ts over `evidence add` alone (the bin's small build for it).
// Only this file, the usage texts and the command definitions load at start; a command loads its own code.

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const globalOptions: Record<string, OptionSpec> = { 'data-dir': { type: 'string' }, actor: { type: 'string' }, help: { type: 'boolean' } };

/** Every option any of the commands takes, to find the command's words among the arguments before its own options are known. */
export const everyOptionOf = (commands: CommandSpec[]): Record<string, OptionSpec> => Object.assign({}, globalOptions, ...commands.map((spec) => spec.options));

function checkGlobals(values: OptionValues): void {
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

/** parseArgs' own refusals, said in one short line. */
function parseProblem(error: { code?: string; message: string }, spec: CommandSpec): string {
  const option = /'(--?[^' ]+)/.exec(error.message)?.[1] ?? 'an option';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${option} is not an option of \`${spec.name}\`.`;
  if (/argument missing/.test(error.message)) return `${option} needs a value.`;
  if (/does not take an argument/.test(error.message)) return `${option} takes no value.`;
  return error.message;
}

type Found = { spec: CommandSpec; words: number } | { group: string } | { unknown: string } | null;

function findCommand(commands: CommandSpec[], groups: Set<string>, positionals: string[]): Found {
  const [first, second] = positionals;
  if (first === undefined) return null;
  // A word that is both a command and a group (`import FILE`, `import findings FILE`) is the command unless a subcommand follows.
  const spec = commands.find((s) => s.name === first);
  if (groups.has(first)) {
    const sub = second === undefined ? undefined : commands.find((s) => s.name === `${first} ${second}`);
    if (sub) return { spec: sub, words: 2 };
    if (!spec) return { group: first };
  }
  return spec ? { spec, words: 1 } : { unknown: first };
}

export interface RunOptions {
  /** The folder holding migrations/, resources/ and dist/renderer/ (default: the source tree). */
  appRoot?: string;
  /** Told which command runs, once its arguments are right (the bin keeps its code cache by command). */
  ran?: (command: string) => void;
}

export type RunCli = (argv: string[], io?: CliIo, options?: RunOptions) => Promise<number>;

/** The command line over these commands. */
export function commandLine(commands: CommandSpec[]): RunCli {
  const everyOption = everyOptionOf(commands);
  const groups = new Set(commands.filter((spec) => spec.name.includes(' ')).map((spec) => spec.name.split(' ')[0] as string));
  return (argv, io = defaultIo, options = {}) => runCommands(commands, everyOption, groups, argv, io, options);
}

async function runCommands(commands: CommandSpec[], everyOption: Record<string, OptionSpec>, groups: Set<string>, argv: string[], io: CliIo, options: RunOptions): Promise<number> {
  let core: Core | undefined;
  let spec: CommandSpec | undefined;
  let prepared: Prepared | undefined;
  try {
    // First only to find the command's words; its own options are then checked strictly.
    const loose = parseArgs({ args: argv, strict: false, allowPositionals: true, options: everyOption as ParseArgsConfig['options'] });
    const asksHelp = loose.positionals[0] === 'help';
    const positionals = asksHelp ? loose.positionals.slice(1) : loose.positionals;
    const found = findCommand(commands, groups, positionals);
    const help = asksHelp || loose.values.help === true;
    if (found === null) {
      if (help) return io.out(overview(commands)), 0;
      io.err(overview(commands));
      return 2;
    }
    if ('unknown' in found) throw new UsageError(`Unknown command: ${positionals.slice(0, 2).join(' ')}`);
    if ('group' in found) {
      if (help && positionals.length === 1) return io.out(groupUsage(found.group, commands)), 0;
      const sub = positionals[1];
      io.err(`release-audit: ${plain(sub === undefined ? `Name a command of ${found.group}:` : `Unknown command: ${found.group} ${sub}. The commands of ${found.group}:`)}`);
      io.err(groupUsage(found.group, commands));
      return 2;
    }
    spec = found.spec;
    if (help) return io.out(commandHelp(spec)), 0;
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { ...globalOptions, ...spec.options } as ParseArgsConfig['options'] });
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError(parseProblem(error as Error, spec));
      throw error;
    }
    const values = parsed.values as OptionValues;
    checkGlobals(values);
    const args = parsed.positionals.slice(found.words);
    // The data folder is opened only once a command has its arguments right.
    const appRoot = options.appRoot ?? sourceRoot;
    const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
    prepared = await spec.prepare?.({ values, args, dataDir });
    const { openCore } = await import('../services');
    const open = (opening: { mustExist?: boolean } = {}) => {
      core ??= openCore({
        dataDir,
        appRoot,
        ...(typeof values.actor === 'string' ? { actor: values.actor } : {}),
        mustExist: opening.mustExist ?? false,
      });
      return core;
    };
    options.ran?.(spec.name);
    return await spec.run({ open, values, args, io, appRoot, ...(prepared ? { prepared } : {}) });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`release-audit${spec ? ` ${spec.name}` : ''}: ${plain(error.message)}`);
      io.err(spec ? `${usageLine(spec)}\nMore: release-audit ${spec.name} --help` : unknownCommandHint);
      return 2;
    }
    const { AppError } = await import('../../shared/api/errors');
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
    await prepared?.release().catch(() => undefined);
  }
}
