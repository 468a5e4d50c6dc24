import type { z } from 'zod';

/** Turns zod issues into one plain sentence per problem, naming the field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(printable).join('.') : 'input';
      if (issue.code === 'invalid_key') {
        const parent = issue.path.length > 1 ? issue.path.slice(0, -1).map(printable).join('.') : 'input';
        return `${parent}: ${issue.issues[0]?.message ?? 'a name is not allowed'} (${where})`;
      }
      if (issue.code === 'invalid_type') {
        if (valueAt(input, issue.path) === undefined) return `${where}: is required`;
        const custom = !issue.message.startsWith('Invalid input');
        return `${where}: ${custom ? issue.message : `must be ${article(issue.expected)}`}`;
      }
      if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.slice(0, 10).map(printable).join(', ')}`;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

// eslint-disable-next-line no-control-regex -- the characters a message must not carry as they are
const hidden = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** A name from the input as a message may show it: hidden characters spelled out, length bounded. */
export function printable(key: PropertyKey): string {
  const name = String(key).replace(hidden, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return name.length > 80 ? `${name.slice(0, 77)}…` : name;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
