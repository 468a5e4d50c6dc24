// The limits on what a person hands the app (see bounded-parse.ts), and the check of an already parsed
// value against them. Apart from the parsers, so that checking a request body (every API call, the
// command line's `evidence add`) does not load the YAML parser.

export const parseLimits = {
  /** Characters of one file. */
  maxChars: 5_000_000,
  /** Nesting of mappings and lists. A template nests five deep; a hundred is far beyond real use. */
  maxDepth: 100,
  /** Alias references (`*name`) in one YAML file. */
  maxAliases: 100,
  /** Items of one list in a request (a template holds at most 2,000). */
  maxItems: 10_000,
  /** Fields of one object in a request (the widest input has a few dozen). */
  maxFields: 1_000,
};

/**
 * What is too big about an already parsed value (a request body), or null: nesting past the depth
 * limit, an object with more fields or a list with more items than any method takes. Walked with an
 * explicit stack, stopping at the first problem, so the schemas never spend long on a hostile body.
 */
export function shapeProblem(value: unknown): string | null {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    const nested = depth + 1;
    if (nested > parseLimits.maxDepth) return `it nests deeper than ${parseLimits.maxDepth} levels`;
    const children = Object.values(current as Record<string, unknown>);
    if (Array.isArray(current) && children.length > parseLimits.maxItems) return `a list holds more than ${parseLimits.maxItems.toLocaleString('en')} items`;
    if (!Array.isArray(current) && children.length > parseLimits.maxFields) return `an object has more than ${parseLimits.maxFields.toLocaleString('en')} fields`;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, nested]);
  }
  return null;
}
