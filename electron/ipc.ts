import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcChannel } from '../shared/api/bridge';
import { methodNames } from '../shared/api/contract';
import { dispatch } from './api/dispatch';
import type { Handlers } from './api/handlers';
import { isTrustedRendererUrl } from './trusted-url';

// One IPC channel per contract method, each answering only the app's own renderer.

export function registerIpc(handlers: Handlers): void {
  for (const method of methodNames) {
    ipcMain.handle(ipcChannel(method), (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedRendererUrl(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Calls are accepted only from the Release Audit window.' } };
      }
      return dispatch(handlers, method, input);
    });
  }
}
