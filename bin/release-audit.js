#!/usr/bin/env node
// The release-audit command. Runs the built command line (.cache/cli/, see scripts/build-cli.mjs),
// building it first when a source changed since; where it cannot be built (no esbuild, a read-only
// folder) it runs the TypeScript sources through tsx instead, which takes a second or more longer.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { freshBuild } from '../scripts/cli-stamp.mjs';

// A reader that stops early (`release-audit library list | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const root = path.resolve(import.meta.dirname, '..');

/**
 * Runs the built file with V8's code cache beside it: later starts skip parsing and compiling it
 * (Node 22's module.enableCompileCache does the same for modules). A command run for the first time
 * with this build adds the functions it compiled to the cache.
 */
function loadBuilt(entry) {
  const cacheFile = `${entry}.v8cache`;
  const listFile = `${cacheFile}.json`;
  let cachedData;
  let cached = [];
  try {
    cachedData = fs.readFileSync(cacheFile);
    cached = JSON.parse(fs.readFileSync(listFile, 'utf8')).commands ?? [];
  } catch {
    // No cache yet, or no list of what it holds: this run makes them.
  }
  // The built file is the module's function, in ASCII: read as latin1, Node makes it a string kept
  // outside V8's heap, so its 5 MB are neither copied nor scanned by the garbage collector (read as
  // UTF-8 and wrapped here, they cost about 18 MB of heap and 100 ms of CPU at every start).
  const script = new vm.Script(fs.readFileSync(entry, 'latin1'), { filename: entry, cachedData });
  const hadCache = cachedData !== undefined;
  cachedData = undefined;
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(entry), module, entry, path.dirname(entry));
  const saveCache = (command) => {
    const known = hadCache && !script.cachedDataRejected;
    if (known && cached.includes(command)) return;
    try {
      const commands = [...(known ? cached : []), command].slice(-100);
      fs.writeFileSync(`${cacheFile}.${process.pid}.tmp`, script.createCachedData());
      fs.renameSync(`${cacheFile}.${process.pid}.tmp`, cacheFile);
      fs.writeFileSync(`${listFile}.${process.pid}.tmp`, JSON.stringify({ commands }));
      fs.renameSync(`${listFile}.${process.pid}.tmp`, listFile);
    } catch {
      // A folder we cannot write to only means the next start compiles again.
    }
  };
  return { runCli: module.exports.runCli, saveCache };
}

async function loadCli() {
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
  return loadBuilt(entry);
}

const { runCli, saveCache } = await loadCli();
let command = '';
process.exitCode = await runCli(process.argv.slice(2), undefined, { appRoot: root, ran: (name) => (command = name) });
// After the command, so that the cache holds the functions it compiled.
saveCache(command);
