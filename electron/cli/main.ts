import { commands } from './registry';
import { commandLine, type RunCli } from './run-commands';

// The release-audit command: the same services as the app, for pipelines and scripting. Only this
// file, the usage texts and the command definitions load at start; a command loads its own code.

export type { CliIo } from './spec';
export type { RunOptions } from './run-commands';

export const runCli: RunCli = commandLine(commands);
