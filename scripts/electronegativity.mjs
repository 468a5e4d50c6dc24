// `npm run security`: Electronegativity over the Electron shell and the renderer, failing on any
// HIGH or MEDIUM finding. It runs from tools/electronegativity (its own old eslint/typescript) over a
// staged copy of the app's sources, so it sees the shell, the preload and the page's CSP together.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const toolDir = path.join(root, 'tools', 'electronegativity');
const bin = path.join(toolDir, 'node_modules', '.bin', 'electronegativity');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!fs.existsSync(bin)) {
  const installed = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: toolDir, stdio: 'inherit' });
  if (installed.status !== 0) process.exit(installed.status ?? 1);
}

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-electronegativity-'));
for (const item of ['electron', 'renderer', 'shared', 'package.json']) {
  fs.cpSync(path.join(root, item), path.join(stage, item), { recursive: true, filter: (f) => !/\.test\.ts$/.test(f) });
}
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const report = path.join(stage, 'report.csv');
const run = spawnSync(bin, ['-i', stage, '-r', '-v', 'false', '-e', electronVersion, '-o', report], { cwd: toolDir, encoding: 'utf8' });
if (!fs.existsSync(report)) {
  console.error(run.stdout, run.stderr);
  console.error('Electronegativity did not produce a report.');
  process.exit(1);
}
const rows = fs.readFileSync(report, 'utf8').trim().split('\n').slice(1);
fs.rmSync(stage, { recursive: true, force: true });
const serious = rows.filter((row) => /^[A-Z_]+,"(HIGH|MEDIUM)"/.test(row));
for (const row of rows) console.log(row);
console.log(`Electronegativity: ${rows.length} finding(s), ${serious.length} HIGH or MEDIUM.`);
process.exit(serious.length === 0 ? 0 : 1);
