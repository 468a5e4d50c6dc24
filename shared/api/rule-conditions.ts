// The condition language of rule packs: paths that read named values, and named operators over
// them. A condition is plain data checked here; nothing in it is ever evaluated as code.

/** The names a path starts with: the fact (or commit) looked at, what was worked out about it, its ticket, the release, the pack's parameters, the audit's settings. */
export const pathScopes = ['fact', 'derived', 'ticket', 'release', 'params', 'audit'] as const;
const pathPattern = /^(fact|derived|ticket|release|params|audit)(\.[A-Za-z0-9_-]{1,80}){0,8}$/;
const forbiddenSegments = new Set(['__proto__', 'prototype', 'constructor']);

/** Whether a string is a path into the values a rule sees (`fact.startedAt.utc`), rather than literal text. */
export function isPath(value: unknown): value is string {
  return typeof value === 'string' && pathPattern.test(value) && !value.split('.').some((part) => forbiddenSegments.has(part));
}

/** The operators of a condition, each with what it takes. */
export const conditionOperators = {
  all: 'a list of conditions, all of which hold',
  any: 'a list of conditions, one of which holds',
  not: 'a condition that does not hold',
  exists: 'a path that has a value (not empty)',
  missing: 'a path with no value (absent, null, empty text or an empty list)',
  equals: '[path, value]: equal (text compared without regard to case)',
  in: '[path, list]: one of the list (text without regard to case)',
  before: '[path, time]: an earlier instant (false when either is unknown)',
  after: '[path, time]: a later instant (false when either is unknown)',
  greater: '[path, number]: a larger number',
  less: '[path, number]: a smaller number',
  laterThan: '{ time, than, hours }: time is more than that many hours after than',
  matchesAny: '[path, patterns]: the text matches one of the regular expressions',
  inRoles: '[path, roles]: the person belongs to one of the roles the pack lists under parameters.roles',
} as const;
export type ConditionOperator = keyof typeof conditionOperators;

export type Scalar = string | number | boolean | null;
/** A literal value, a list of them, or a path (a string starting with one of the path scopes). */
export type Operand = Scalar | Scalar[];
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { exists: string }
  | { missing: string }
  | { equals: [string, Operand] }
  | { in: [string, Operand] }
  | { before: [string, Operand] }
  | { after: [string, Operand] }
  | { greater: [string, Operand] }
  | { less: [string, Operand] }
  | { laterThan: { time: string; than: string; hours: Operand } }
  | { matchesAny: [string, Operand] }
  | { inRoles: [string, Operand] };

type Issue = { path: Array<string | number>; message: string };
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function checkPath(value: unknown, at: Array<string | number>, issues: Issue[]): void {
  if (!isPath(value)) issues.push({ path: at, message: `must be a path like fact.result or release.windowStart (starting with ${pathScopes.join(', ')})` });
}

function checkOperand(value: unknown, at: Array<string | number>, issues: Issue[]): void {
  if (isScalar(value)) return;
  if (Array.isArray(value) && value.length <= 200 && value.every(isScalar)) return;
  issues.push({ path: at, message: 'must be a value, a list of at most 200 values, or a path' });
}

/** The problems of a condition, each with where it is; empty when it is well formed. Walks at most the YAML's own depth. */
export function conditionIssues(value: unknown, at: Array<string | number> = []): Issue[] {
  const issues: Issue[] = [];
  const stack: Array<[unknown, Array<string | number>]> = [[value, at]];
  while (stack.length > 0) {
    const [node, where] = stack.pop() as [unknown, Array<string | number>];
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      issues.push({ path: where, message: `must be a condition: a mapping with one operator (${Object.keys(conditionOperators).join(', ')})` });
      continue;
    }
    const keys = Object.keys(node);
    if (keys.length !== 1 || !Object.hasOwn(conditionOperators, keys[0] as string)) {
      const unknown = keys.find((k) => !Object.hasOwn(conditionOperators, k));
      issues.push({
        path: unknown ? [...where, unknown] : where,
        message: unknown ? `"${unknown.slice(0, 40)}" is not an operator (use one of ${Object.keys(conditionOperators).join(', ')})` : `a condition has exactly one operator, not ${keys.length}`,
      });
      continue;
    }
    const op = keys[0] as ConditionOperator;
    const arg = (node as Record<string, unknown>)[op];
    const here = [...where, op];
    if (op === 'all' || op === 'any') {
      if (!Array.isArray(arg) || arg.length === 0 || arg.length > 100) issues.push({ path: here, message: 'must be a list of 1 to 100 conditions' });
      else arg.forEach((child, i) => stack.push([child, [...here, i]]));
    } else if (op === 'not') stack.push([arg, here]);
    else if (op === 'exists' || op === 'missing') checkPath(arg, here, issues);
    else if (op === 'laterThan') {
      if (typeof arg !== 'object' || arg === null || Array.isArray(arg) || Object.keys(arg).sort().join() !== 'hours,than,time') {
        issues.push({ path: here, message: 'must be a mapping of time, than and hours' });
      } else {
        const a = arg as Record<string, unknown>;
        checkPath(a.time, [...here, 'time'], issues);
        checkPath(a.than, [...here, 'than'], issues);
        if (!isPath(a.hours) && (typeof a.hours !== 'number' || !Number.isFinite(a.hours) || a.hours < 0)) issues.push({ path: [...here, 'hours'], message: 'must be a number of hours (0 or more) or a path' });
      }
    } else if (!Array.isArray(arg) || arg.length !== 2) issues.push({ path: here, message: `must be a pair: ${conditionOperators[op]}` });
    else {
      checkPath(arg[0], [...here, 0], issues);
      checkOperand(arg[1], [...here, 1], issues);
    }
  }
  return issues;
}
