import { parseArgs, type ParseArgsConfig } from 'node:util';
import { evidenceAddCommand } from './evidence-commands';
import { commandLine, everyOptionOf, type RunCli } from './run-commands';

// The small build of the command line the bin loads for `release-audit evidence add` (see
// scripts/build-cli.mjs): that one command over the same runner as main.ts, without the definitions
// and code of every other command, so that storing a file reads and compiles well under a megabyte
// of code at start instead of five (about 15 MiB less resident memory).

const options = everyOptionOf([evidenceAddCommand]);

/**
 * Whether these arguments are `evidence add` as the whole command line would read them: its two words
 * first, and no option but its own and the global ones (an option of another command could take a
 * value there and change what the words are). Anything else is left to the whole command line.
 */
export function claims(argv: string[]): boolean {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, strict: false, allowPositionals: true, tokens: true, options: options as ParseArgsConfig['options'] });
  } catch {
    return false;
  }
  const known = (parsed.tokens ?? []).every((token) => token.kind !== 'option' || Object.hasOwn(options, token.name));
  return known && parsed.positionals[0] === 'evidence' && parsed.positionals[1] === 'add';
}

export const runCli: RunCli = commandLine([evidenceAddCommand]);
