import { contract, isMethodName } from '../../shared/api/contract';
import { AppError, type ApiResult } from '../../shared/api/errors';
import { toErrorBody } from '../error-body';
import { printable } from '../../shared/api/format';
import type { Handlers } from './handlers';
import { runMethod } from './run-method';

// The single entry every transport calls: checks the method name, then runs it as run-method.ts
// does (the input validated against the contract, the handler run, any failure a typed error).

export async function dispatch(handlers: Handlers, method: unknown, rawInput: unknown): Promise<ApiResult<unknown>> {
  if (!isMethodName(method)) {
    const error = new AppError('NOT_FOUND', `There is no API method called "${printable(typeof method === 'string' ? method : `(${typeof method})`)}".`);
    return { ok: false, error: toErrorBody(error) };
  }
  return runMethod(contract[method], handlers[method] as (input: unknown) => unknown, method, rawInput);
}
