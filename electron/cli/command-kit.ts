import { contract, type MethodName } from '../../shared/api/contract';
import { describeIssues } from '../../shared/api/format';
import { AppError } from '../../shared/api/errors';
import { shapeProblem } from '../api/bounded-parse';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import type { Core } from '../services';
import type { CliIo } from './main';
import { UsageError } from './usage';

// What every CLI command gets and uses: the lazily opened core, parsed flags, and API calls through
// the same dispatcher as IPC and HTTP.

export interface CommandContext {
  /** Opens the data folder; `mustExist` refuses to start a new one (for commands that only read). */
  open: (options?: { mustExist?: boolean }) => Core;
  values: Record<string, string | boolean | string[] | undefined>;
  args: string[];
  io: CliIo;
}

export type Command = (context: CommandContext) => Promise<number>;

/**
 * Calls one API method. The input is checked against the contract before the data folder is even
 * opened, so bad arguments (exit 2) never create or touch anything.
 */
export async function call<M extends MethodName>(open: () => Core, method: M, input: unknown): Promise<unknown> {
  const tooBig = shapeProblem(input);
  if (tooBig) throw new UsageError(`Invalid input for ${method}: ${tooBig}.`);
  const parsed = contract[method].input.safeParse(input);
  if (!parsed.success) throw new UsageError(`Invalid input for ${method}: ${describeIssues(parsed.error.issues, input)}.`);
  const result = await dispatch(createHandlers(open()), method, input);
  if (!result.ok) throw new AppError(result.error.code, result.error.message);
  return result.value;
}

export function noExtraArgs(args: string[], expected = 0): void {
  if (args.length > expected) throw new UsageError(`Unexpected argument: ${args[expected]}`);
}

export function required(values: CommandContext['values'], name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required.`);
  return value;
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

