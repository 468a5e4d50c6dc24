import { bridgeGlobalName, createClient, type BridgeApi, type Transport } from '../../../shared/api/client';
import type { ApiResult } from '../../../shared/api/errors';

// The renderer talks to the services through the preload's bridge in Electron, or over HTTP to the
// loopback host in a browser (its token travels in a same-site cookie set when the page was opened;
// the X-Release-Audit header tells the host the call comes from this page, for browsers that do not
// say so themselves in Sec-Fetch-Site).

declare global {
  interface Window {
    [bridgeGlobalName]?: BridgeApi;
  }
}

const ipcTransport = (bridge: BridgeApi): Transport => (method, input) => bridge[method](input);

const httpTransport: Transport = async (method, input) => {
  let response: Response;
  try {
    response = await fetch(`./api/${encodeURIComponent(method)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Release-Audit': '1' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'Release Audit is not answering. Is the host still running?' } };
  }
  try {
    return (await response.json()) as ApiResult<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `The host answered ${response.status} without a readable body.` } };
  }
};

const bridge = window[bridgeGlobalName];
export const api = createClient(bridge ? ipcTransport(bridge) : httpTransport);
export const transportName = bridge ? 'desktop' : 'browser';
