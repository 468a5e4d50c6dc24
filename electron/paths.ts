import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Where things are on disk. Plain Node, so the CLI, the browser host and the desktop app agree.

export const productName = 'Release Audit';

/** The project (or packaged app) root, for migrations/ and resources/ when running from source. */
export const sourceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The per-user folder Electron calls appData, computed the same way without Electron. */
export function appDataFolder(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
}

/** The data folder: `--data-dir`, else RELEASE_AUDIT_DATA_DIR, else `<appData>/Release Audit/data`. */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env.RELEASE_AUDIT_DATA_DIR;
  if (chosen && chosen.trim() !== '') return path.resolve(chosen);
  return path.join(appDataFolder(env), productName, 'data');
}

export interface DataLayout {
  root: string;
  databaseFile: string;
  vaultRoot: string;
}

export function dataLayout(dataDir: string): DataLayout {
  return {
    root: dataDir,
    databaseFile: path.join(dataDir, 'release-audit.db'),
    vaultRoot: path.join(dataDir, 'vault'),
  };
}

/** The OS user name, the default actor when no identity is chosen yet. */
export function defaultActor(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.RELEASE_AUDIT_ACTOR?.trim();
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
