// Two versions of one list field, as a person compares them: each item in words (an object as its
// fields, not as JSON), and which items only one side holds. Items are matched by content, in any
// order, counting repeats: two equal items on one side and one on the other leave one "only here".

export interface ListItem {
  text: string;
  /** Not on the other side. */
  only: boolean;
}

export function isList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** One item in words: text as is, a record as "field: value" pairs, anything nested in short form. */
export function itemText(item: unknown): string {
  if (item === null || item === undefined || item === '') return '(empty)';
  if (typeof item === 'string') return item;
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  if (Array.isArray(item)) return item.length === 0 ? '(none)' : item.map(itemText).join(', ');
  if (typeof item === 'object') {
    const entries = Object.entries(item as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && v !== '');
    if (entries.length === 0) return '(empty)';
    return entries.map(([key, v]) => `${words(key)}: ${typeof v === 'object' ? `[${itemText(v)}]` : itemText(v)}`).join('; ');
  }
  return String(item);
}

/** "escalateTo" and "escalate_to" as "escalate to". */
function words(key: string): string {
  return key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** A key for matching items by content: object fields in sorted order, so key order does not count. */
function identity(item: unknown): string {
  if (Array.isArray(item)) return `[${item.map(identity).join(',')}]`;
  if (item !== null && typeof item === 'object') {
    const record = item as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${identity(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(item) ?? 'undefined';
}

function mark(side: unknown[], against: unknown[]): ListItem[] {
  const left = new Map<string, number>();
  for (const item of against) left.set(identity(item), (left.get(identity(item)) ?? 0) + 1);
  return side.map((item) => {
    const key = identity(item);
    const count = left.get(key) ?? 0;
    if (count > 0) left.set(key, count - 1);
    return { text: itemText(item), only: count === 0 };
  });
}

/** Both sides of a list conflict, each item marked when the other side lacks it. A missing list is an empty one. */
export function compareLists(current: unknown, other: unknown): { current: ListItem[]; other: ListItem[] } {
  const a = isList(current) ? current : [];
  const b = isList(other) ? other : [];
  return { current: mark(a, b), other: mark(b, a) };
}
