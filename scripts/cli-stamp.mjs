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

/**
 * The built entry file when the build is current: every source it was built from is unchanged.
 * `build` names one of the build's files (main.cjs, the whole command line, by default); a small
 * build of one command (evidence-add.cjs) is current when the sources of that file alone are, so
 * that its start checks those (about 90 files) and not every source of the app (about 500).
 */
export function freshBuild(root, build = 'main.cjs') {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile(root), 'utf8'));
  } catch {
    return null;
  }
  if (typeof stamp?.version !== 'string' || typeof stamp.inputs !== 'object' || stamp.inputs === null) return null;
  const files = build === 'main.cjs' ? Object.keys(stamp.inputs) : stamp.builds?.[build];
  if (!Array.isArray(files)) return null;
  for (const file of files) {
    const state = stamp.inputs[file];
    if (typeof state !== 'string' || fileState(root, file) !== state) return null;
  }
  const entry = path.join(cliFolder(root), stamp.version, build);
  return fs.existsSync(entry) ? entry : null;
}
