import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcChannel } from '../shared/api/bridge';
import { methodNames } from '../shared/api/contract';
import { terminalOnlyMethods } from '../shared/api/evidence';
import { dispatch } from './api/dispatch';
import type { Handlers } from './api/handlers';
import type { FileChooser } from './evidence/chosen-files';
import { isTrustedIpcSender } from './trusted-url';

// One IPC channel per contract method, each answering only the main frame of the app's own page.
// Methods that name a path on this computer get no channel at all: the page chooses files through
// the system's file chooser, opened here, and only ever holds tokens for them.

export function registerIpc(handlers: Handlers): void {
  for (const method of methodNames) {
    if (terminalOnlyMethods.has(method)) continue;
    ipcMain.handle(ipcChannel(method), (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedIpcSender(event.sender, event.senderFrame)) {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Calls are accepted only from the Release Audit window.' } };
      }
      return dispatch(handlers, method, input);
    });
  }
}

/** The system's open-file dialog, over the app's window: the person picks the evidence, not the page. */
export function nativeFileChooser(): FileChooser {
  return async () => {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    const options = { title: 'Add evidence', properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'> };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  };
}
