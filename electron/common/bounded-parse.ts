import { Parser, parseDocument, type Document, type LineCounter } from 'yaml';
import { AppError } from '../../shared/api/errors';
import { parseLimits } from './input-limits';

// Every parser of text a person hands the app goes through here, with limits on size, nesting and
// YAML aliases checked before the real parse: a hostile file (nested thousands deep, a "billion
// laughs" of aliases) is refused in plain words instead of exhausting the stack or the memory of
// the process that also holds the database.

export { parseLimits, shapeProblem } from './input-limits';

type Fail = (message: string) => never;

const defaultFail: Fail = (message) => {
  throw new AppError('VALIDATION', message);
};

/** Refuses text longer than the limit. */
function checkSize(text: string, fail: Fail): void {
  if (text.length > parseLimits.maxChars) fail(`the file is larger than ${parseLimits.maxChars.toLocaleString('en')} characters`);
}

/**
 * The deepest nesting of `{` and `[` in JSON text, outside strings. A linear scan, so text of any
 * depth is measured without recursion; stops as soon as the limit is passed.
 */
export function jsonDepth(text: string, limit = parseLimits.maxDepth): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return deepest;
}

/** Parses JSON text a person supplied, refusing it whole when it is too large or nested too deep. */
export function parseUserJson(text: string, fail: Fail = defaultFail): unknown {
  checkSize(text, fail);
  if (jsonDepth(text) > parseLimits.maxDepth) fail(`it nests deeper than ${parseLimits.maxDepth} levels`);
  return JSON.parse(text);
}

/**
 * The nesting depth and alias count of YAML (or JSON, which is YAML) text, read from yaml's concrete
 * syntax tree, which it builds without recursion, and walked here with an explicit stack.
 */
export function yamlShape(text: string, limit = parseLimits.maxDepth): { depth: number; aliases: number } {
  let deepest = 0;
  let aliases = 0;
  const stack: Array<[unknown, number]> = [];
  for (const token of new Parser().parse(text)) stack.push([token, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [Record<string, unknown> | undefined, number];
    if (!token || typeof token !== 'object') continue;
    if (token.type === 'alias') aliases += 1;
    const items = token.items as Array<Record<string, unknown>> | undefined;
    const nested = token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection' ? depth + 1 : depth;
    if (nested > deepest) deepest = nested;
    if (deepest > limit) break;
    if (token.value) stack.push([token.value, nested]);
    for (const item of items ?? []) {
      if (item.key) stack.push([item.key, nested]);
      if (item.value) stack.push([item.value, nested]);
    }
  }
  return { depth: deepest, aliases };
}

/**
 * Parses YAML (or JSON) text a person supplied into a yaml Document, after checking its size,
 * nesting and aliases. Use `userYamlToJs` to turn the document into plain values.
 */
export function parseUserYaml(text: string, options: { lineCounter?: LineCounter; fail?: Fail } = {}): Document.Parsed {
  const fail = options.fail ?? defaultFail;
  checkSize(text, fail);
  const shape = yamlShape(text);
  if (shape.depth > parseLimits.maxDepth) fail(`it nests deeper than ${parseLimits.maxDepth} levels`);
  if (shape.aliases > parseLimits.maxAliases) fail(`it uses more than ${parseLimits.maxAliases} aliases (*name)`);
  return parseDocument(text, {
    ...(options.lineCounter ? { lineCounter: options.lineCounter } : {}),
    prettyErrors: false,
    uniqueKeys: true,
  });
}

/** The plain values of a parsed document; aliases that would expand too far are refused. */
export function userYamlToJs(document: Document.Parsed, fail: Fail = defaultFail): unknown {
  try {
    return document.toJS({ maxAliasCount: parseLimits.maxAliases });
  } catch (error) {
    // yaml throws a ReferenceError when aliases expand beyond maxAliasCount (a "billion laughs").
    if (error instanceof ReferenceError) return fail('its aliases (*name) expand to too much data');
    throw error;
  }
}
