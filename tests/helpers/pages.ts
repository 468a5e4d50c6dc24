import { expect } from 'vitest';

// Reads a paged list to its end, checking each page keeps to the limit; `between` runs after each
// page (to write rows between two pages). Answers the ids in the order the pages gave them.

export function readPages(read: (cursor: string | null) => { rows: Array<{ id: string }>; nextCursor: string | null }, limit: number, between?: (page: number) => void): string[] {
  const seen: string[] = [];
  let cursor: string | null = null;
  let page = 0;
  do {
    const got = read(cursor);
    expect(got.rows.length).toBeLessThanOrEqual(limit);
    seen.push(...got.rows.map((r) => r.id));
    cursor = got.nextCursor;
    between?.(page++);
  } while (cursor);
  return seen;
}
