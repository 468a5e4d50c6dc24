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

/**
 * A copy of a string that does not point into the chunk it was cut from. V8 keeps a slice of a
 * string as a view of its parent, so a fact holding one short line would otherwise keep a whole
 * 256 KiB chunk of the file alive, and memory would grow with the file.
 */
export const own = (text: string): string => (text.length === 0 ? '' : Buffer.from(text, 'utf8').toString('utf8'));

export function detached<T>(value: T): T {
  if (typeof value === 'string') return own(value) as T;
  if (Array.isArray(value)) return value.map(detached) as T;
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) copy[key] = detached(inner);
    return copy as T;
  }
  return value;
}
