import type { z } from 'zod';
import type { MethodName } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/errors';
import type { Handlers } from '../api/handlers';
import type { MethodDefinition } from '../api/run-method';
import type { Core } from '../services';
import type { CliIo, CommandSpec, OptionValues } from './spec';
import { UsageError } from './usage';

// What every CLI command uses: API calls through the same dispatcher as IPC and HTTP, checks of its
// arguments and flags, and errors that name the flag (the command's definition is in spec.ts).
// This file and the command files import nothing heavy at the top: each command loads what it needs
// when it runs, so `release-audit audit list` never loads the PDF, signing or zip code.

export const defineCommands = (specs: CommandSpec[]): CommandSpec[] => specs;

const handlerCache = new WeakMap<Core, Handlers>();

/** How a contract field is given on the command line, for errors that name the flag: `{ severity: '--severity' }`. */
export type FieldNames = Record<string, string>;

/**
 * What a command that runs one known method may load instead of the whole API: that method's contract
 * definition and its handler. `release-audit evidence add` uses it so that storing a file loads the
 * evidence code only (not the report, spreadsheet, chart and hub code every handler brings), and seeds
 * nothing: the shipped template and rule pack are written by the commands that read or use them.
 */
export interface OneMethod {
  definition: MethodDefinition;
  handler: (core: Core) => (input: unknown) => unknown;
}

/**
 * Calls one API method through the app's dispatcher. The input is checked against the contract
 * before the data folder is even opened, so bad arguments (exit 2) never create or touch anything.
 * A refusal of a field that came from a flag names the flag.
 */
export async function call(open: () => Core, method: MethodName, input: unknown, fields: FieldNames = {}, only?: () => Promise<OneMethod>): Promise<unknown> {
  const one = only?.();
  const [definition, { describeIssues }, { shapeProblem }, { AppError }] = await Promise.all([
    one ? one.then((loaded) => loaded.definition) : import('../../shared/api/contract').then(({ contract }) => contract[method]),
    import('../../shared/api/format'),
    import('../common/bounded-parse'),
    import('../../shared/api/errors'),
  ]);
  const tooBig = shapeProblem(input);
  if (tooBig) throw new UsageError(`Invalid input for ${method}: ${tooBig}.`);
  const parsed = definition.input.safeParse(input);
  if (!parsed.success) {
    throw new UsageError(flagProblem(describeIssues, parsed.error.issues, input, fields) ?? `Invalid input for ${method}: ${describeIssues(parsed.error.issues, input)}.`);
  }
  const core = open();
  const result = one ? await callOne(core, method, input, await one) : await callThroughHandlers(core, method, input);
  if (!result.ok) throw new AppError(result.error.code, result.error.message);
  return result.value;
}

async function callOne(core: Core, method: MethodName, input: unknown, one: OneMethod): Promise<ApiResult<unknown>> {
  const { runMethod } = await import('../api/run-method');
  return runMethod(one.definition, one.handler(core), method, input);
}

async function callThroughHandlers(core: Core, method: MethodName, input: unknown): Promise<ApiResult<unknown>> {
  const [{ dispatch }, { createHandlers }, { ensureDefaultTemplate }] = await Promise.all([import('../api/dispatch'), import('../api/handlers'), import('../templates/service')]);
  let handlers = handlerCache.get(core);
  // The data folder an API call opens starts with the shipped template, once per run (as the app's start does).
  if (!handlers) {
    ensureDefaultTemplate(core);
    (await import('../rules/packs')).ensureDefaultRulePack(core);
    handlerCache.set(core, (handlers = createHandlers(core)));
  }
  return dispatch(handlers, method, input);
}

type Issue = z.core.$ZodIssue;

/** The first refusal of a field given as a flag, naming the flag: "--severity must be one of …". */
export function flagProblem(describe: (issues: Issue[], input: unknown) => string, issues: readonly Issue[], input: unknown, fields: FieldNames): string | null {
  const [first] = issues;
  const field = first?.path[0];
  const flag = typeof field === 'string' ? fields[field] : undefined;
  if (!first || !flag) return null;
  const message = describe([{ ...first, path: first.path.slice(1) }], (input as Record<string, unknown>)[field as string])
    .replace(/^input: /, '')
    .replace(/^Invalid option: expected one of (.*)$/, (_, list: string) => `must be one of ${list.replace(/"/g, '').split('|').join(', ')}`);
  // "Observed % must be from 0 to 100" names the field as the app's form does; here the flag names it.
  const bare = message.replace(/^[A-Z][^:]{0,40}? (?=(must|is|contains) )/, '');
  return /^(must|is|contains) /.test(bare) ? `${flag} ${bare}.` : `${flag}: ${message}.`;
}

export function noExtraArgs(args: string[], expected = 0): void {
  if (args.length > expected) throw new UsageError(`Unexpected argument: ${args[expected]}`);
}

/** Exactly the arguments named, in order: `what` says what is missing when one is. */
export function argsExactly(args: string[], ...what: string[]): string[] {
  if (args.length < what.length) throw new UsageError(`Name the ${what[args.length]}.`);
  noExtraArgs(args, what.length);
  return args;
}

export function required(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required.`);
  return value;
}

/** The fields given as flags, under their API names: `{ ownerName: 'owner' }` takes --owner. */
export function fieldsFrom(values: OptionValues, flags: Record<string, string>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, flag] of Object.entries(flags)) if (values[flag] !== undefined) fields[field] = values[flag];
  return fields;
}

/** `{ ownerName: 'owner' }` as the names errors use: `{ ownerName: '--owner' }`. */
export const flagNames = (flags: Record<string, string>): FieldNames => Object.fromEntries(Object.entries(flags).map(([field, flag]) => [field, `--${flag}`]));

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
