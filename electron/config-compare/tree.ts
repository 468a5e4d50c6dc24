import { AppError } from '../../shared/api/errors';

// One shape for every configuration format: maps, lists and scalars, each with the line of the
// file it was written on, so a difference can name both lines. Readers build it; the diff walks it.

export type Scalar = string | number | boolean | null;
export type ConfigNode =
  | { type: 'map'; entries: Map<string, ConfigNode>; line: number }
  | { type: 'list'; items: ConfigNode[]; line: number }
  | { type: 'scalar'; value: Scalar; line: number };

/** How deep a file may nest, and how many values it may hold once aliases are expanded. */
export const MAX_DEPTH = 64;
export const MAX_NODES = 200_000;

/** Counts the values a reader makes, refusing a file past the limits in one sentence. */
export class NodeBudget {
  private made = 0;
  constructor(private readonly label: string) {}
  take(depth: number): void {
    if (depth > MAX_DEPTH) throw new AppError('VALIDATION', `${this.label} nests deeper than ${MAX_DEPTH} levels, which no real configuration does: it was not compared.`);
    this.made += 1;
    if (this.made > MAX_NODES) throw new AppError('VALIDATION', `${this.label} holds more than ${MAX_NODES.toLocaleString('en')} values (after expanding its aliases): it was not compared.`);
  }
}

/** A tree from a plain value (JSON.parse output, a Terraform plan's values); every node on one line. */
export function fromValue(value: unknown, line: number, budget: NodeBudget, depth = 0): ConfigNode {
  budget.take(depth);
  if (Array.isArray(value)) return { type: 'list', items: value.map((item) => fromValue(item, line, budget, depth + 1)), line };
  if (value !== null && typeof value === 'object') {
    const entries = new Map<string, ConfigNode>();
    for (const [key, item] of Object.entries(value)) entries.set(key, fromValue(item, line, budget, depth + 1));
    return { type: 'map', entries, line };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return { type: 'scalar', value, line };
  return { type: 'scalar', value: String(value), line };
}

/** The plain value of a tree (for subtrees shown whole, and for tests). */
export function toValue(node: ConfigNode): unknown {
  if (node.type === 'scalar') return node.value;
  if (node.type === 'list') return node.items.map(toValue);
  return Object.fromEntries([...node.entries].map(([key, item]) => [key, toValue(item)]));
}

export function child(node: ConfigNode | undefined, ...keys: string[]): ConfigNode | undefined {
  let at = node;
  for (const key of keys) at = at?.type === 'map' ? at.entries.get(key) : undefined;
  return at;
}

export function scalarText(node: ConfigNode | undefined): string | null {
  return node?.type === 'scalar' && node.value !== null ? String(node.value) : null;
}

/** Keys by which list items are matched, in order of preference, when every item has a distinct one. */
const listKeys = ['name', 'id', 'key', 'uid', 'address', 'containerPort', 'mountPath', 'port'];

/** The key that identifies each item of both lists (present and distinct in each), or null to match by index. */
export function listKey(a: ConfigNode[], b: ConfigNode[]): string | null {
  const all = [...a, ...b];
  if (all.length === 0 || all.some((item) => item.type !== 'map')) return null;
  return (
    listKeys.find((key) => [a, b].every((items) => {
      const values = items.map((item) => scalarText(child(item, key)));
      return values.every((v) => v !== null) && new Set(values).size === values.length;
    })) ?? null
  );
}

// Paths read like `spec.template.spec.containers[name=api].image`; a key with other characters than letters, digits, _ - . $ is quoted: `annotations["app.kubernetes.io/name"]`.
const plainKey = /^[A-Za-z_$][\w$.-]*$/;

export function keySegment(parent: string, key: string): string {
  if (plainKey.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

export function itemSegment(parent: string, index: number, key: string | null, value: string | null): string {
  return key !== null && value !== null ? `${parent}[${key}=${value}]` : `${parent}[${index}]`;
}
