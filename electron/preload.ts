import { contextBridge, ipcRenderer } from 'electron';
import { bridgeGlobalName, buildBridge } from '../shared/api/bridge';

// Exposes one frozen object with a function per API method; never ipcRenderer itself.
// __METHOD_NAMES__ is the contract's method list, injected when the preload is bundled.
declare const __METHOD_NAMES__: readonly string[];

contextBridge.exposeInMainWorld(
  bridgeGlobalName,
  buildBridge(__METHOD_NAMES__, (channel, input) => ipcRenderer.invoke(channel, input)),
);
