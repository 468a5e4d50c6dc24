import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, safeStorage, utilityProcess } from 'electron';
import { createHandlers } from './api/handlers';
import { startBackgroundSync, type BackgroundSync } from './hub/background';
import { ensureDefaultRulePack } from './rules/packs';
import { ensureDefaultTemplate } from './templates/service';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createEvidenceTransfer } from './host/transfer';
import { chosenFiles } from './evidence/chosen-files';
import { nativeFileChooser, registerIpc } from './ipc';
import { electronNativeBinding } from './native-binding';
import { resolveDataDir } from './paths';
import { thumbnailWorkerEnv, useThumbnailStarter, type ThumbnailChild } from './reports/thumbnail-process';
import { sealerFromSafeStorage, useSealer } from './identity/secrets';
import { hardenApp } from './security';
import { openCore, type Core } from './services';
import { createMainWindow } from './window';

// The desktop shell: opens the data core with the Electron build of better-sqlite3, serves the
// renderer on app://, wires IPC, and opens one secure window.

const here = path.dirname(fileURLToPath(import.meta.url));
let core: Core | undefined;
let background: BackgroundSync | undefined;

registerAppScheme();
hardenApp();

// A report's thumbnails are made in a utility process (the fuses forbid running the app itself as Node).
useThumbnailStarter((script): ThumbnailChild => {
  const child = utilityProcess.fork(script, [], { serviceName: 'Release Audit thumbnails', stdio: 'ignore', env: thumbnailWorkerEnv() });
  return {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.once('exit', () => listener()),
    kill: () => void child.kill(),
  };
});

// A second copy of the app hands over to the first and never opens the database itself.
const isFirstInstance = app.requestSingleInstanceLock();
if (!isFirstInstance) app.quit();

app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});

app.whenReady().then(
  () => {
    if (!isFirstInstance) return;
    const appRoot = app.getAppPath();
    // Signing keys' passphrases are sealed with the OS-backed safe storage (only once the app is ready).
    useSealer(sealerFromSafeStorage(safeStorage, process.platform));
    try {
      core = openCore({
        dataDir: resolveDataDir(),
        appRoot,
        nativeBinding: electronNativeBinding({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appRoot }),
        seed: (opened) => {
          ensureDefaultTemplate(opened);
          ensureDefaultRulePack(opened);
        },
      });
    } catch (error) {
      dialog.showErrorBox('Release Audit cannot open its data', (error as Error).message);
      app.exit(1);
      return;
    }
    serveRenderer(path.join(appRoot, 'dist', 'renderer'), createEvidenceTransfer(core));
    chosenFiles(core).chooser = nativeFileChooser();
    registerIpc(createHandlers(core));
    background = startBackgroundSync(core);
    createMainWindow(path.join(here, 'preload.cjs'));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow(path.join(here, 'preload.cjs'));
    });
  },
  (error: unknown) => {
    console.error(error);
    app.exit(1);
  },
);

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  background?.stop();
  core?.close();
});
