import type { MethodName } from './contract';
import type { ApiResult } from './errors';

// What the Electron preload exposes: one function per contract method, each sending on its own IPC
// channel. Only types come from the contract, so the sandboxed preload stays free of zod; the
// method names are injected at build time from the contract itself (scripts/build-electron.mjs).

export type BridgeApi = { [M in MethodName]: (input: unknown) => Promise<ApiResult<unknown>> };

/** The name under which the preload exposes the bridge on `window`. */
export const bridgeGlobalName = 'releaseAudit';

export function ipcChannel(method: string): string {
  return `api:${method}`;
}

export function buildBridge(
  names: readonly string[],
  invoke: (channel: string, input: unknown) => Promise<unknown>,
): BridgeApi {
  const bridge: Record<string, (input: unknown) => Promise<ApiResult<unknown>>> = {};
  for (const method of names) {
    const channel = ipcChannel(method);
    bridge[method] = (input: unknown) => invoke(channel, input) as Promise<ApiResult<unknown>>;
  }
  return Object.freeze(bridge) as BridgeApi;
}
