// Which build of the command line is current, and whether its sources have changed since. Kept
// tiny and dependency-free: bin/release-audit.js reads it on every start.
import fs from 'node:fs';
import path from 'node:path';

export const cliFolder = (root) => path.join(root, '.cache', 'cli');
export const stampFile = (root) => path.join(cliFolder(root), 'current.json');

/** A file as the stamp remembers it: its modification time and size. */
export function fileState(root, file) {
  const stat = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
  return stat ? `${stat.mtimeMs}:${stat.size}` : 'missing';
}

/** The built entry file when the build is current: every source it was built from is unchanged. */
export function freshBuild(root) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile(root), 'utf8'));
  } catch {
    return null;
  }
  if (typeof stamp?.version !== 'string' || typeof stamp.inputs !== 'object' || stamp.inputs === null) return null;
  for (const [file, state] of Object.entries(stamp.inputs)) if (fileState(root, file) !== state) return null;
  const entry = path.join(cliFolder(root), stamp.version, 'main.cjs');
  return fs.existsSync(entry) ? entry : null;
}
