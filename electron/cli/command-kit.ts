import type { MethodName } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/errors';
import type { Handlers } from '../api/handlers';
import type { Core } from '../services';
import { callOneMethod, checkInput, valueOf, type FieldNames, type OneMethod } from './command-args';
import type { CommandSpec } from './spec';

// What every CLI command uses: API calls through the same dispatcher as IPC and HTTP, checks of its
// arguments and flags, and errors that name the flag (the command's definition is in spec.ts).
// This file and the command files import nothing heavy at the top: each command loads what it needs
// when it runs, so `release-audit audit list` never loads the PDF, signing or zip code. The checks
// and the call of one known method are in command-args.ts, which a command may import alone.

export { argsExactly, fieldsFrom, flagNames, flagProblem, noExtraArgs, printJson, required, type FieldNames, type OneMethod } from './command-args';

export const defineCommands = (specs: CommandSpec[]): CommandSpec[] => specs;

const handlerCache = new WeakMap<Core, Handlers>();

/**
 * Calls one API method through the app's dispatcher. The input is checked against the contract
 * before the data folder is even opened, so bad arguments (exit 2) never create or touch anything.
 * A refusal of a field that came from a flag names the flag. With `only`, the method's own
 * definition and handler are loaded instead of the whole API (see OneMethod).
 */
export async function call(open: () => Core, method: MethodName, input: unknown, fields: FieldNames = {}, only?: () => Promise<OneMethod>): Promise<unknown> {
  if (only) return callOneMethod(open, method, input, fields, only);
  const [{ contract }, { AppError }] = await Promise.all([import('../../shared/api/contract'), import('../../shared/api/errors')]);
  await checkInput(method, contract[method], input, fields);
  const core = open();
  return valueOf(await callThroughHandlers(core, method, input), AppError);
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
