// Builds better-sqlite3 for Electron's ABI into native/electron/, from a copy of its sources, so the
// Node build in node_modules (used by tests, the CLI and the browser host) is never touched.
// Needs network access once: node-gyp fetches Electron's headers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const electronVersion = require('electron/package.json').version;
const source = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = path.join(root, '.cache', 'electron-native', 'better-sqlite3');
const target = path.join(root, 'native', 'electron', 'better_sqlite3.node');

fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(source, work, { recursive: true, filter: (file) => !file.includes(`${path.sep}build${path.sep}`) && !file.endsWith(`${path.sep}build`) });

const nodeGyp = process.env.npm_execpath
  ? path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  : require.resolve('node-gyp/bin/node-gyp.js');
// The machine-wide npm config may point node-gyp at Node's own headers; Electron needs its own.
const env = { ...process.env, npm_config_nodedir: '', npm_config_runtime: 'electron', npm_config_target: electronVersion };
delete env.npm_config_nodedir;
console.log(`Building better-sqlite3 for Electron ${electronVersion} (${process.arch})…`);
const result = spawnSync(
  process.execPath,
  [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
  { cwd: work, env, stdio: 'inherit' },
);
if (result.status !== 0) {
  console.error('The Electron build of better-sqlite3 failed; the Node build in node_modules is untouched.');
  process.exit(result.status ?? 1);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
console.log(`Wrote ${path.relative(root, target)}`);
