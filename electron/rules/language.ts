import { isPath, type Condition, type Operand } from '../../shared/api/rules';

// The rule language at work: a path reads a value of the scope (own fields only), an operator
// compares values, and a text template fills {paths} in. Nothing is evaluated as code; patterns
// come from the pack's parameters, compiled once each and tried on bounded text.

export type Scope = Record<string, unknown>;

/** The value at a path (`fact.startedAt.utc`); undefined when any step is missing. */
export function resolve(scope: Scope, path: string): unknown {
  let current: unknown = scope;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A literal stays itself; a path is read from the scope. */
function operand(scope: Scope, value: Operand | undefined): unknown {
  return isPath(value) ? resolve(scope, value) : value;
}

const blank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

/** An instant from a time value: an ISO text, or a read time's `utc`; null when unknown. */
export function instant(value: unknown): number | null {
  const text = value && typeof value === 'object' && 'utc' in value ? (value as { utc: unknown }).utc : value;
  if (typeof text !== 'string') return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

const folded = (value: unknown): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);

function number(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

const patternCache = new Map<string, RegExp | null>();
/** Patterns are a pack's own parameters; text is cut to 10,000 characters before one is tried. */
function pattern(source: string): RegExp | null {
  if (!patternCache.has(source)) {
    let compiled: RegExp | null = null;
    try {
      compiled = new RegExp(source, 'u');
    } catch {
      compiled = null;
    }
    if (patternCache.size > 1000) patternCache.clear();
    patternCache.set(source, compiled);
  }
  return patternCache.get(source) ?? null;
}

export function matchesAny(text: string, patterns: unknown): boolean {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  const bounded = text.slice(0, 10_000);
  return list.some((p) => typeof p === 'string' && (pattern(p)?.test(bounded) ?? false));
}

/** Every match of the patterns in the text, in order, each once. */
export function allMatches(text: string, patterns: readonly string[]): string[] {
  const found: string[] = [];
  const bounded = text.slice(0, 10_000);
  for (const source of patterns) {
    const compiled = pattern(source);
    if (!compiled) continue;
    for (const match of bounded.matchAll(new RegExp(compiled.source, 'gu'))) if (match[0] && !found.includes(match[0])) found.push(match[0]);
  }
  return found;
}

/** Whether a person is a member of one of the roles (names compared without regard to case). */
function inRoles(person: unknown, roles: unknown, scope: Scope): boolean {
  if (typeof person !== 'string' || person.trim() === '') return false;
  const members = resolve(scope, 'params.roles') as Record<string, unknown> | undefined;
  const wanted = Array.isArray(roles) ? roles : [roles];
  return wanted.some((role) => {
    const list = typeof role === 'string' && members && Object.hasOwn(members, role) ? members[role] : undefined;
    return Array.isArray(list) && list.some((m) => folded(m) === folded(person));
  });
}

export function holds(condition: Condition, scope: Scope): boolean {
  const [op, arg] = Object.entries(condition)[0] as [string, unknown];
  const pair = arg as [string, Operand];
  switch (op) {
    case 'all':
      return (arg as Condition[]).every((c) => holds(c, scope));
    case 'any':
      return (arg as Condition[]).some((c) => holds(c, scope));
    case 'not':
      return !holds(arg as Condition, scope);
    case 'exists':
      return !blank(resolve(scope, arg as string));
    case 'missing':
      return blank(resolve(scope, arg as string));
    case 'equals':
      return folded(resolve(scope, pair[0])) === folded(operand(scope, pair[1]));
    case 'in': {
      const list = operand(scope, pair[1]);
      const value = folded(resolve(scope, pair[0]));
      return Array.isArray(list) ? list.some((item) => folded(item) === value) : folded(list) === value;
    }
    case 'before':
    case 'after': {
      const a = instant(resolve(scope, pair[0]));
      const b = instant(operand(scope, pair[1]));
      if (a === null || b === null) return false;
      return op === 'before' ? a < b : a > b;
    }
    case 'greater':
    case 'less': {
      const a = number(resolve(scope, pair[0]));
      const b = number(operand(scope, pair[1]));
      if (a === null || b === null) return false;
      return op === 'greater' ? a > b : a < b;
    }
    case 'laterThan': {
      const spec = arg as { time: string; than: string; hours: Operand };
      const time = instant(resolve(scope, spec.time));
      const than = instant(resolve(scope, spec.than));
      const hours = number(operand(scope, spec.hours));
      if (time === null || than === null || hours === null) return false;
      return time - than > hours * 3_600_000;
    }
    case 'matchesAny': {
      const value = resolve(scope, pair[0]);
      return typeof value === 'string' && matchesAny(value, operand(scope, pair[1]));
    }
    case 'inRoles':
      return inRoles(resolve(scope, pair[0]), operand(scope, pair[1]), scope);
    default:
      return false;
  }
}

// Control and text-direction characters (ANSI colours in a log line) and halves of UTF-16 pairs never
// reach a drafted text: a finding refuses them, and a reader must see what the file said.
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const hidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A value as a sentence shows it: a read time as its UTC instant (or its text), a list joined, hidden characters taken out. */
export function shown(value: unknown): string {
  return plain(value).replace(hidden, '');
}

function plain(value: unknown): string {
  if (blank(value)) return '(not stated)';
  if (typeof value === 'object' && value !== null && 'text' in value && 'utc' in value) {
    const time = value as { text: string; utc: string | null };
    return time.utc ?? time.text;
  }
  if (Array.isArray(value)) return value.map(plain).join(', ');
  if (typeof value === 'object') return JSON.stringify(value).slice(0, 200);
  return String(value).slice(0, 500);
}

/** A text with each {path} replaced by the value it names; braces around anything else stay as written. */
export function fill(template: string, scope: Scope): string {
  return template.replace(/\{([A-Za-z0-9_.-]{1,200})\}/g, (whole, path: string) => (isPath(path) ? shown(resolve(scope, path)) : whole));
}
