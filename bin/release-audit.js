#!/usr/bin/env node
// The release-audit command. Runs the TypeScript sources through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

// A reader that stops early (`release-audit library list | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { runCli } = await import('../electron/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
