import type { z } from 'zod';
import type { MethodName } from '../../shared/api/contract';
import type { ApiResult, AppError as AppErrorClass } from '../../shared/api/errors';
import type { MethodDefinition } from '../api/run-method';
import type { Core } from '../services';
import type { CliIo, OptionValues } from './spec';
import { UsageError } from './usage';

// The light half of the command kit: checks of a command's arguments and flags, errors that name
// the flag, JSON output, and calling one known method. Nothing here imports the whole API contract
// or the handlers (command-kit.ts does, lazily), so a command built on this file alone, as
// `evidence add` is (evidence-commands.ts), bundles into the small build the bin loads for it.

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
 * Checks an input against a method's contract before the data folder is even opened, so bad arguments
 * (exit 2) never create or change anything (a copy `evidence add` staged in the vault's tmp/ beforehand
 * is removed as the command ends); a refusal of a field that came from a flag names the flag.
 */
export async function checkInput(method: MethodName, definition: MethodDefinition, input: unknown, fields: FieldNames): Promise<void> {
  const [{ describeIssues }, { shapeProblem }] = await Promise.all([import('../../shared/api/format'), import('../common/input-limits')]);
  const tooBig = shapeProblem(input);
  if (tooBig) throw new UsageError(`Invalid input for ${method}: ${tooBig}.`);
  const parsed = definition.input.safeParse(input);
  if (!parsed.success) {
    throw new UsageError(flagProblem(describeIssues, parsed.error.issues, input, fields) ?? `Invalid input for ${method}: ${describeIssues(parsed.error.issues, input)}.`);
  }
}

/** Calls one known method, as `call` does, with only its own definition and handler loaded. */
export async function callOneMethod(open: () => Core, method: MethodName, input: unknown, fields: FieldNames, only: () => Promise<OneMethod>): Promise<unknown> {
  const one = await only();
  await checkInput(method, one.definition, input, fields);
  const core = open();
  const [{ runMethod }, { AppError }] = await Promise.all([import('../api/run-method'), import('../../shared/api/errors')]);
  return valueOf(await runMethod(one.definition, one.handler(core), method, input), AppError);
}

/** The answer's value, or its error thrown as the AppError it was. */
export function valueOf(result: ApiResult<unknown>, AppError: typeof AppErrorClass): unknown {
  if (!result.ok) throw new AppError(result.error.code, result.error.message);
  return result.value;
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
