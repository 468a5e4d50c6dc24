// Builds the command line into .cache/cli/<version>/main.cjs: one file, in which each part of the app
// runs only when a command imports it (esbuild turns a bundled `import()` into a lazy call), loaded
// by bin/release-audit.js with V8's code cache so that it is not parsed again on every start. Native
// or file-reading packages stay in node_modules. The bin runs the build when it is current, and
// builds it first when a source changed; `npm run build:cli` does it ahead. Beside it, evidence-add.cjs:
// `release-audit evidence add` alone (electron/cli/evidence-add-main.ts), which the bin loads for that
// command, so that storing a file starts on well under a megabyte of code instead of five.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cliFolder, fileState, stampFile } from './cli-stamp.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Besides the bundled sources, what makes a build stale: the installed packages, this script and the bin that loads the build. */
/** The small builds of single commands, by their file name in the build folder (the bin knows them by the same names). */
const smallBuilds = { 'evidence-add': 'electron/cli/evidence-add-main.ts' };

const alsoWatched = ['node_modules/.package-lock.json', 'package.json', 'scripts/build-cli.mjs', 'scripts/cli-stamp.mjs', 'bin/release-audit.js'];

/** Copied beside main.cjs, not bundled. */
const thumbnailWorker = 'electron/reports/thumbnail-worker.mjs';

export async function buildCli(root = path.resolve(here, '..'), { outdir, quiet = false } = {}) {
  const version = `${Date.now().toString(36)}-${process.pid}`;
  const target = outdir ?? path.join(cliFolder(root), version);
  const result = await build({
    absWorkingDir: root,
    // main.cjs holds every command; each of the others, one command alone, which the bin loads for
    // that command so that its start reads and compiles only its own code (see bin/release-audit.js).
    entryPoints: { main: 'electron/cli/main.ts', ...smallBuilds },
    outdir: target,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    // A quarter less to read and load at every start (about 30 ms); for readable stack traces and
    // profiles, run with --enable-source-maps: the source map sits beside the file.
    minify: true,
    metafile: true,
    // The bin builds quietly: when it cannot, it runs the sources instead.
    logLevel: quiet ? 'silent' : 'error',
    external: ['electron', 'better-sqlite3', 'pdfmake', 'sharp', 'yazl', 'pg', 'pg-native'],
    // The sources find their own folder through import.meta.url.
    define: { 'import.meta.url': '__importMetaUrl' },
    // The file is the module's function itself, as Node's loader would wrap it: the bin compiles it
    // as it is read, with no copy of 5 MB of source made to wrap it. Kept ASCII (esbuild escapes the
    // rest), so the bin reads it as latin1, which Node keeps outside V8's heap (see bin/release-audit.js).
    charset: 'ascii',
    banner: { js: "(function (exports, require, module, __filename, __dirname) {\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    footer: { js: '})' },
  });
  // The thumbnail maker runs as a script of its own, beside main.cjs (electron/reports/thumbnail-process.ts):
  // copied, and watched with main.cjs's sources (no small build uses it).
  fs.copyFileSync(path.join(root, thumbnailWorker), path.join(target, 'thumbnail-worker.mjs'));
  if (outdir) return { entry: path.join(target, 'main.cjs'), metafile: result.metafile };
  const ownSources = (inputs) => Object.keys(inputs).filter((file) => !file.startsWith('node_modules/'));
  const sources = ownSources(result.metafile.inputs);
  const inputs = Object.fromEntries([...sources, thumbnailWorker, ...alsoWatched].map((file) => [file, fileState(root, file)]));
  // The sources of each small build, so that the bin checks only those before loading it (cli-stamp.mjs).
  const builds = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const name = path.basename(file);
    if (output.entryPoint && name !== 'main.cjs') builds[name] = [...ownSources(output.inputs), ...alsoWatched];
  }
  // Written aside and renamed: a process starting meanwhile reads the old stamp or the new, never half.
  const temp = `${stampFile(root)}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ version, inputs, builds }));
  fs.renameSync(temp, stampFile(root));
  removeOldBuilds(root, version);
  return { entry: path.join(target, 'main.cjs'), metafile: result.metafile };
}

/** Earlier builds go once no command started from them can still be loading their chunks. */
function removeOldBuilds(root, keep) {
  const hourAgo = Date.now() - 60 * 60 * 1000;
  for (const name of fs.readdirSync(cliFolder(root))) {
    const folder = path.join(cliFolder(root), name);
    const stat = fs.statSync(folder, { throwIfNoEntry: false });
    if (name !== keep && stat?.isDirectory() && stat.mtimeMs < hourAgo) fs.rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { entry } = await buildCli();
  console.log(`Built ${path.relative(process.cwd(), entry)}`);
}
