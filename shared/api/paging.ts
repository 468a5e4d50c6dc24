import { z } from 'zod';

// The input every paged list takes: the cursor an earlier page gave (none for the first page) and
// how many rows to send. A page answers its rows, the total and the next page's cursor.

export const pageInput = {
  cursor: z.string().max(500, 'cursor: not a cursor given by an earlier page of this list; start again without one.').nullable().default(null),
  limit: z.number().int('limit must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(200),
};

/** A page of `row`s: the rows, how many the list holds in all, and the cursor of the next page (null after the last). */
export function pageOf<Row extends z.ZodType>(row: Row) {
  return z.object({
    rows: z.array(row),
    total: z.number().int(),
    nextCursor: z.string().nullable(),
  });
}
