// Every row of a paged list, for a screen that needs them all at once (a checklist run maps each
// item to its result): pages of the largest size, one after another.

export async function allPages<Row>(load: (cursor: string | null, limit: number) => Promise<{ rows: Row[]; nextCursor: string | null }>): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const page: { rows: Row[]; nextCursor: string | null } = await load(cursor, 1000);
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}
