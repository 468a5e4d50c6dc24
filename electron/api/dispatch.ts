import { contract, isMethodName } from '../../shared/api/contract';
import { AppError, type ApiResult } from '../../shared/api/errors';
import { toErrorBody } from '../error-body';
import { describeIssues, printable } from '../../shared/api/format';
import { shapeProblem } from './bounded-parse';
import type { Handlers } from './handlers';

// The single entry every transport calls: checks the method name, validates the input against the
// contract, runs the handler, and turns any failure into a typed error with a readable sentence.

export async function dispatch(handlers: Handlers, method: unknown, rawInput: unknown): Promise<ApiResult<unknown>> {
  try {
    if (!isMethodName(method)) {
      throw new AppError('NOT_FOUND', `There is no API method called "${printable(typeof method === 'string' ? method : `(${typeof method})`)}".`);
    }
    const definition = contract[method];
    const tooBig = shapeProblem(rawInput);
    if (tooBig) throw new AppError('VALIDATION', `Invalid input for ${method}: ${tooBig}.`);
    const parsed = definition.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      throw new AppError('VALIDATION', `Invalid input for ${method}: ${describeIssues(parsed.error.issues, rawInput ?? {})}.`);
    }
    const handler = handlers[method] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    const checked = definition.output.safeParse(value);
    if (!checked.success) {
      throw new AppError('INTERNAL', `The answer to ${method} broke the API contract: ${describeIssues(checked.error.issues, value)}.`);
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return { ok: false, error: toErrorBody(error) };
  }
}
