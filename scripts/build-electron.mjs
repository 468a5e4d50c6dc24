// Bundles the Electron shell: main process as ESM, preload as CommonJS (sandboxed preloads must be).
// better-sqlite3 stays external (native); everything else of ours is bundled.
import fs from 'node:fs';
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const { methodNames } = await tsImport('../shared/api/contract.ts', import.meta.url);
// Methods that name a path on this computer are the command line's alone: the preload never offers them.
const { terminalOnlyMethods } = await tsImport('../shared/api/evidence.ts', import.meta.url);
const pageMethodNames = methodNames.filter((name) => !terminalOnlyMethods.has(name));

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'dist/electron/main.js',
  format: 'esm',
  // Native or file-reading packages stay in node_modules (pdfmake reads its fonts from its own folder;
  // yazl so that electron/sync/zip-crc.ts reaches the buffer-crc32 it uses).
  external: ['electron', 'better-sqlite3', 'pdfmake', 'sharp', 'yazl'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  platform: 'browser',
  external: ['electron'],
  minify: true,
  define: { __METHOD_NAMES__: JSON.stringify(pageMethodNames) },
});

// The thumbnail maker runs as a script of its own, beside main.js (electron/reports/thumbnail-process.ts).
fs.copyFileSync('electron/reports/thumbnail-worker.mjs', 'dist/electron/thumbnail-worker.mjs');

console.log('Built dist/electron/main.js, dist/electron/preload.cjs and dist/electron/thumbnail-worker.mjs');
