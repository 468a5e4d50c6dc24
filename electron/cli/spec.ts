import type { Core } from '../services';

// What every CLI command is and gets: its definition (usage text, options, code in one place), the
// lazily opened core and its parsed flags. Types only: the help texts (usage.ts), the command kit and
// every command file read them, and none of those has to import another for them.

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  /** Opens the data folder; `mustExist` refuses to start a new one (for commands that only read). */
  open: (options?: { mustExist?: boolean }) => Core;
  values: OptionValues;
  args: string[];
  io: CliIo;
  /** The folder holding migrations/, resources/ and dist/renderer/. */
  appRoot: string;
  /** What the command's `prepare` made ready, if it has one. */
  prepared?: Prepared;
}

/** Work a command did before the data folder's code was loaded (CommandSpec.prepare). */
export interface Prepared {
  /** Called once the command has run, whatever happened: removes whatever the command did not take. */
  release: () => Promise<void>;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
}

export interface CommandSpec {
  /** One or two words: `verify`, `audit list`. */
  name: string;
  /** What follows the name on the usage line: arguments and options. */
  synopsis: string;
  /** One line for the overview. */
  summary: string;
  /** Further lines for `release-audit NAME --help`. */
  details?: string[];
  /** The options it takes besides --data-dir, --actor and --help. */
  options: Record<string, OptionSpec>;
  /**
   * Work that needs only the arguments and the data folder's path, done before the code that opens the
   * data folder is loaded, so that the OS does its part (an fsync) while that code loads: `evidence add`
   * copies and hashes its file into the vault's tmp/ here. Its result reaches `run` as `prepared`.
   */
  prepare?: (context: { values: OptionValues; args: string[]; dataDir: string }) => Promise<Prepared | undefined>;
  run: (context: CommandContext) => Promise<number>;
}
