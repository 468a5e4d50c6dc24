import { AppError } from '../../shared/api/errors';

// Cursors of the paged lists: the sort key of the last row sent, as opaque text. A page after a
// cursor reads on along the list's index from that key, so rows added between two pages never
// shift, repeat or skip the rows already sent; a cursor the list did not give is refused in words.

export type CursorKey = ReadonlyArray<string | number | null>;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor holds, when it has the list's shape (`accepts`), or VALIDATION in plain words. */
export function decodeCursor<Key extends CursorKey>(text: string, accepts: (values: unknown[]) => values is unknown[] & Key): Key {
  try {
    const values: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(values) && accepts(values)) return values;
  } catch {
    // falls through to the error below
  }
  throw new AppError('VALIDATION', 'cursor: not a cursor given by an earlier page of this list; start again without one.');
}

/** The page of `limit` rows from `rows` read with one more row than asked, and the cursor of the next page. */
export function pageFrom<Row>(rows: Row[], limit: number, keyOf: (row: Row) => CursorKey): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/** A cursor's key of strings only (the usual shape: a time and an id), `size` long. */
export const stringKey =
  (size: number) =>
  (values: unknown[]): values is string[] =>
    values.length === size && values.every((v) => typeof v === 'string');
