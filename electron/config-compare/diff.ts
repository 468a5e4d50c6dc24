import { child, itemSegment, keySegment, listKey, scalarText, toValue, type ConfigNode } from './tree';

// The structural difference of two trees: every path where they differ, with the value and the
// line on each side. Maps are matched by key, lists by an identifying key of their items (name,
// id…) where every item has a distinct one, else by position. A subtree only one side has is one
// difference at its root, not one per leaf.

export const changeKinds = ['added', 'removed', 'changed', 'type-changed'] as const;
export type ChangeKind = (typeof changeKinds)[number];

export interface RawDifference {
  path: string;
  change: ChangeKind;
  a: ConfigNode | null;
  b: ConfigNode | null;
}

const kindOf = (node: ConfigNode) => (node.type === 'scalar' ? (node.value === null ? 'null' : typeof node.value) : node.type);

export function diffTrees(a: ConfigNode, b: ConfigNode, path = ''): RawDifference[] {
  const out: RawDifference[] = [];
  walk(a, b, path, out);
  return out;
}

function walk(a: ConfigNode, b: ConfigNode, path: string, out: RawDifference[]): void {
  if (kindOf(a) !== kindOf(b)) {
    out.push({ path, change: 'type-changed', a, b });
    return;
  }
  if (a.type === 'scalar' && b.type === 'scalar') {
    if (a.value !== b.value) out.push({ path, change: 'changed', a, b });
    return;
  }
  if (a.type === 'map' && b.type === 'map') {
    for (const [key, left] of a.entries) {
      const right = b.entries.get(key);
      const at = keySegment(path, key);
      if (right === undefined) out.push({ path: at, change: 'removed', a: left, b: null });
      else walk(left, right, at, out);
    }
    for (const [key, right] of b.entries) if (!a.entries.has(key)) out.push({ path: keySegment(path, key), change: 'added', a: null, b: right });
    return;
  }
  if (a.type === 'list' && b.type === 'list') {
    const key = listKey(a.items, b.items);
    if (key === null) {
      const n = Math.max(a.items.length, b.items.length);
      for (let i = 0; i < n; i += 1) {
        const left = a.items[i];
        const right = b.items[i];
        const at = itemSegment(path, i, null, null);
        if (left && right) walk(left, right, at, out);
        else if (left) out.push({ path: at, change: 'removed', a: left, b: null });
        else if (right) out.push({ path: at, change: 'added', a: null, b: right });
      }
      return;
    }
    const id = (item: ConfigNode) => scalarText(child(item, key)) as string;
    const right = new Map(b.items.map((item) => [id(item), item]));
    a.items.forEach((left, i) => {
      const at = itemSegment(path, i, key, id(left));
      const match = right.get(id(left));
      if (match) walk(left, match, at, out);
      else out.push({ path: at, change: 'removed', a: left, b: null });
    });
    const leftIds = new Set(a.items.map(id));
    b.items.forEach((item, i) => {
      if (!leftIds.has(id(item))) out.push({ path: itemSegment(path, i, key, id(item)), change: 'added', a: null, b: item });
    });
  }
}

/** A value as a difference shows it: a scalar as written, a subtree as compact JSON (cut at 500 characters). */
export function shown(node: ConfigNode | null): string | null {
  if (node === null) return null;
  if (node.type === 'scalar') return node.value === null ? 'null' : typeof node.value === 'string' ? node.value : JSON.stringify(node.value);
  const text = JSON.stringify(toValue(node));
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
