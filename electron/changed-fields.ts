// What an edit changes: the fields given (undefined means not given) whose value differs from the
// current one, compared as JSON so that lists and objects compare by content. A save that changes
// nothing then writes no ledger entry, and two people editing different fields never collide.

export function changedFields<T extends object>(given: T, current: object): Partial<T> {
  const now = current as Record<string, unknown>;
  return Object.fromEntries(Object.entries(given).filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(now[key]))) as Partial<T>;
}
