import { AppError, isErrorBody, type ApiResult } from './errors';
import { methodNames, type ApiClient, type MethodName } from './contract';
export { bridgeGlobalName, type BridgeApi } from './bridge';

/** Sends one call over some transport (IPC, HTTP) and returns its result envelope. */
export type Transport = (method: MethodName, input: unknown) => Promise<ApiResult<unknown>>;

/** The renderer's and the tests' typed client: one function per contract method, errors thrown as AppError. */
export function createClient(transport: Transport): ApiClient {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of methodNames) {
    client[method] = async (input: unknown) => {
      const result = await transport(method, input ?? {});
      if (result.ok) return result.value;
      if (isErrorBody(result.error)) throw new AppError(result.error.code, result.error.message);
      throw new AppError('INTERNAL', 'The application answered in a form this window does not understand.');
    };
  }
  return client as ApiClient;
}

