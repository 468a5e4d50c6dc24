#!/usr/bin/env node
// The release-audit command. Runs the built command line (.cache/cli/, see scripts/build-cli.mjs),
// building it first when a source changed since; where it cannot be built (no esbuild, a read-only
// folder) it runs the TypeScript sources through tsx instead, which takes a second or more longer.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { freshBuild } from '../scripts/cli-stamp.mjs';

// A reader that stops early (`release-audit library list | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const root = path.resolve(import.meta.dirname, '..');

/**
 * The command the arguments most likely name, as the names of code caches to look for: its first
 * two words, then its first (`import FILE` is the command `import`). Only a guess, to pick a cache:
 * the command line itself decides which command runs, and a wrong guess only costs a compile.
 */
function likelyCommands(argv) {
  const words = [];
  for (let i = 0; i < argv.length && words.length < 2; i += 1) {
    const arg = argv[i];
    if (arg === '--data-dir' || arg === '--actor') i += 1;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return [words.join(' '), words[0] ?? ''].filter((name) => /^[a-z][a-z-]*( [a-z][a-z-]*)?$/.test(name));
}

const cacheFileOf = (entry, command) => `${entry}.${command.replace(' ', '.')}.v8cache`;

/**
 * Runs the built file with V8's code cache beside it: later starts skip parsing and compiling it
 * (Node 22's module.enableCompileCache does the same for modules). Each command keeps a cache of its
 * own, made after its first run with this build, so that a start deserialises the functions that
 * command runs and not those of every command run before (about 5 MiB less for `evidence add`).
 */
function loadBuilt(entry, argv) {
  let cachedData;
  let cachedFor;
  for (const command of likelyCommands(argv)) {
    try {
      cachedData = fs.readFileSync(cacheFileOf(entry, command));
      cachedFor = command;
      break;
    } catch {
      // No cache for this command yet: its first run makes one.
    }
  }
  // The built file is the module's function, in ASCII: read as latin1, Node makes it a string kept
  // outside V8's heap, so its 5 MB are neither copied nor scanned by the garbage collector (read as
  // UTF-8 and wrapped here, they cost about 18 MB of heap and 100 ms of CPU at every start).
  const script = new vm.Script(fs.readFileSync(entry, 'latin1'), { filename: entry, cachedData });
  cachedData = undefined;
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(entry), module, entry, path.dirname(entry));
  const saveCache = (command) => {
    if (!command || (cachedFor === command && !script.cachedDataRejected)) return;
    const cacheFile = cacheFileOf(entry, command);
    try {
      fs.writeFileSync(`${cacheFile}.${process.pid}.tmp`, script.createCachedData());
      fs.renameSync(`${cacheFile}.${process.pid}.tmp`, cacheFile);
    } catch {
      // A folder we cannot write to only means the next start compiles again.
    }
  };
  return { runCli: module.exports.runCli, claims: module.exports.claims, saveCache };
}

/** The small builds of one command each, beside main.cjs (see scripts/build-cli.mjs), by the command they hold. */
const smallBuilds = { 'evidence add': 'evidence-add.cjs' };

/**
 * A command's small build, when it takes these arguments as its command (its `claims`); else null,
 * and the whole command line runs: a few hundred kilobytes to compile at start instead of five megabytes.
 */
function loadSmall(file, argv) {
  if (!fs.existsSync(file)) return null;
  // A one-command build keeps little alive while it works (evidence add streams through one buffer):
  // V8's young generation is kept at its first size instead of doubling as the start's modules load,
  // about a megabyte less resident. Set before the build is compiled, as its code cache was made with it.
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  const loaded = loadBuilt(file, argv);
  if (loaded.claims?.(argv)) return loaded;
  v8.setFlagsFromString(`--semi-space-growth-factor=${defaultGrowthFactor}`);
  return null;
}

/** V8's own growth factor of the young generation, put back when the whole command line runs after all. */
const defaultGrowthFactor = 2;

async function loadCli() {
  const argv = process.argv.slice(2);
  // A command with a small build of its own checks only that build's sources before loading it.
  const small = smallBuilds[likelyCommands(argv)[0]];
  const smallEntry = small ? freshBuild(root, small) : null;
  const loaded = smallEntry ? loadSmall(smallEntry, argv) : null;
  if (loaded) return loaded;
  let entry = freshBuild(root);
  if (!entry) {
    try {
      const { buildCli } = await import('../scripts/build-cli.mjs');
      entry = (await buildCli(root, { quiet: true })).entry;
    } catch {
      const { register } = await import('tsx/esm/api');
      register();
      const { runCli } = await import('../electron/cli/main.ts');
      return { runCli, saveCache: () => {} };
    }
  }
  // Just built, or current while the small build was not: the small build of this folder, if it claims the command.
  const built = small && !smallEntry ? loadSmall(path.join(path.dirname(entry), small), argv) : null;
  return built ?? loadBuilt(entry, argv);
}

const { runCli, saveCache } = await loadCli();
let command = '';
process.exitCode = await runCli(process.argv.slice(2), undefined, { appRoot: root, ran: (name) => (command = name) });
// After the command, so that the cache holds the functions it compiled.
saveCache(command);
