import fs from 'node:fs';
import path from 'node:path';

// better-sqlite3 is a native module: tests, the CLI and the browser host load the copy in
// node_modules (built for Node); the desktop app loads a copy built for Electron's ABI from its own
// folder, so neither build ever overwrites the other. See README, "Two runtimes".

export const ELECTRON_BINDING_NAME = 'better_sqlite3.node';

export interface BindingContext {
  isPackaged: boolean;
  resourcesPath: string;
  appRoot: string;
}

export function electronNativeBinding(context: BindingContext): string {
  const file = context.isPackaged
    ? path.join(context.resourcesPath, 'native', ELECTRON_BINDING_NAME)
    : path.join(context.appRoot, 'native', 'electron', ELECTRON_BINDING_NAME);
  if (!fs.existsSync(file)) {
    throw new Error(
      context.isPackaged
        ? `This installation is incomplete: ${file} is missing. Reinstall Release Audit.`
        : `The Electron build of better-sqlite3 is missing (${file}). Run \`npm run rebuild:electron\` once on a machine with network access.`,
    );
  }
  return file;
}
