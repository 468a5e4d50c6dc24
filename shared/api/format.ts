import type { z } from 'zod';

/** Turns zod issues into one plain sentence per problem, naming the field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'input';
      if (issue.code === 'invalid_type') {
        if (valueAt(input, issue.path) === undefined) return `${where}: is required`;
        const custom = !issue.message.startsWith('Invalid input');
        return `${where}: ${custom ? issue.message : `must be ${article(issue.expected)}`}`;
      }
      if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
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
