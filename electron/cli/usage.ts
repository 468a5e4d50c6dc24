import type { CommandSpec } from './spec';

// The CLI's help texts, made from the commands' own definitions: the overview (`--help`), one
// command's usage (`COMMAND --help`, and under every usage error of that command), and the error.

const globalLine = 'release-audit [--data-dir DIR] [--actor NAME]';

const globalOptions = `Options of every command:
  --data-dir DIR   Data folder (default: RELEASE_AUDIT_DATA_DIR, else the desktop app's folder)
  --actor NAME     Who is making changes (default: RELEASE_AUDIT_ACTOR, else your user name)
  --help           Show the help of the command`;

const exitCodes = 'Exit codes: 0 success, 1 the command failed or found problems, 2 bad arguments or input the app refuses.';

export function overview(specs: CommandSpec[]): string {
  const lines = [`Usage: ${globalLine} <command> [options]`, '', 'Commands:'];
  for (const spec of specs) {
    const head = `  ${spec.name} ${spec.synopsis}`.trimEnd();
    if (head.length <= 42) lines.push(`${head.padEnd(43)}${spec.summary}`);
    else lines.push(head, `${' '.repeat(43)}${spec.summary}`);
  }
  lines.push('', 'Run `release-audit COMMAND --help` (or `release-audit help COMMAND`) for one command.', '', globalOptions, '', exitCodes);
  return lines.join('\n');
}

/** The usage line alone: what a usage error prints under its one line. */
export function usageLine(spec: CommandSpec): string {
  return `Usage: ${globalLine} ${spec.name} ${spec.synopsis}`.trimEnd();
}

export function commandHelp(spec: CommandSpec): string {
  return [usageLine(spec), '', spec.summary, ...(spec.details?.length ? ['', ...spec.details] : []), '', globalOptions, '', exitCodes].join('\n');
}

/** The commands of a group (`release-audit audit`), one usage line each. */
export function groupUsage(group: string, specs: CommandSpec[]): string {
  const lines = specs.filter((spec) => spec.name.startsWith(`${group} `)).map((spec) => `  release-audit ${spec.name} ${spec.synopsis}`.trimEnd());
  return [`Usage: ${globalLine} ${group} <command> [options]`, ...lines, `Run \`release-audit ${group} COMMAND --help\` for one command.`].join('\n');
}

export const unknownCommandHint = `Usage: ${globalLine} <command> [options]\nRun \`release-audit --help\` to see the commands.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
