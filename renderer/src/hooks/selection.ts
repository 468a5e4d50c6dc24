// Which of a list is shown: the one chosen, while it is still in the list; otherwise the first.

/** The chosen item if the list still has it, else the first (undefined for an empty list). */
export function retainSelection<T extends { id: string }>(chosen: string | null, items: readonly T[]): T | undefined {
  return items.find((item) => item.id === chosen) ?? items[0];
}

/** Whether a remembered choice names an item no longer in the list, and should be forgotten. */
export function selectionGone(chosen: string | null, items: readonly { id: string }[]): boolean {
  return chosen !== null && !items.some((item) => item.id === chosen);
}
