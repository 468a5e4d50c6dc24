// `npm start`: builds and opens the desktop app, or says in one line why it cannot and what to use.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function electronBinary() {
  // Electron downloads its binary on first use; where that is impossible, requiring it throws.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const binary = probe.status === 0 ? probe.stdout.trim() : '';
  return binary && fs.existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (!binary) {
  console.error(
    "Release Audit: Electron's binary is not installed on this machine and cannot be fetched here; run `npm run web` to use the same app in your browser.",
  );
  process.exit(1);
}
const binding = path.join(root, 'native', 'electron', 'better_sqlite3.node');
if (!fs.existsSync(binding)) {
  const rebuilt = spawnSync(npm, ['run', 'rebuild:electron'], { cwd: root, stdio: 'inherit' });
  if (rebuilt.status !== 0) {
    console.error('Release Audit: the Electron build of better-sqlite3 could not be made; run `npm run web` to use the app in your browser.');
    process.exit(1);
  }
}
const built = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const child = spawn(binary, [root], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
