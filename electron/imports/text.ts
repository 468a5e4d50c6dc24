// Terminal colour codes and other control sequences a CI runner writes into its logs.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}

/** Ticket ids such as ABC-123 (Jira style) by default; teams can pass their own patterns. */
export const defaultTicketPatterns = [/\b[A-Z][A-Z0-9]+-\d+\b/g];

export function ticketsIn(text: string, patterns: RegExp[] = defaultTicketPatterns): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
    global.lastIndex = 0;
    for (const match of text.matchAll(global)) found.add(match[0]);
  }
  return [...found];
}

export const clip = (text: string, max = 2000): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
