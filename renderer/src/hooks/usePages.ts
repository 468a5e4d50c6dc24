import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

// A paged list loaded whole in the background: the first page shows at once, the rest follow in
// bigger pages. Only the newest load counts (a changed filter or audit drops the one before). A
// row added or saved here goes in place; nothing reloads the whole list.

const FIRST_PAGE = 100;
const NEXT_PAGES = 500;

export interface Page<Row> {
  rows: Row[];
  total: number;
  nextCursor: string | null;
}

export interface Pages<Row, P extends Page<Row>> {
  /** null until the first page is in. */
  rows: Row[] | null;
  /** The last page's answer without its rows (the totals). */
  info: Omit<P, 'rows' | 'nextCursor'> | null;
  /** More pages are still on their way. */
  loading: boolean;
  /** Adds a row (at the top, or in the list's `order`) or puts it in place of its own; `grow` says how the totals change. */
  put: (row: Row, grow?: (info: Omit<P, 'rows' | 'nextCursor'>) => Omit<P, 'rows' | 'nextCursor'>) => void;
}

export interface PagesOptions<Row> {
  onError: (message: string) => void;
  /** The server's order, for a row added here. */
  order?: (a: Row, b: Row) => number;
}

export function usePages<Row extends { id: string }, P extends Page<Row>>(
  load: (cursor: string | null, limit: number) => Promise<P>,
  deps: DependencyList,
  { onError, order }: PagesOptions<Row>,
): Pages<Row, P> {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [info, setInfo] = useState<Omit<P, 'rows' | 'nextCursor'> | null>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    loadRef.current = load;
    onErrorRef.current = onError;
  });

  useEffect(() => {
    let cancelled = false;
    async function run() {
      let cursor: string | null = null;
      let limit = FIRST_PAGE;
      do {
        const page: P = await loadRef.current(cursor, limit);
        if (cancelled) return;
        const { rows: got, nextCursor, ...rest } = page;
        setInfo(rest);
        setLoading(nextCursor !== null);
        const first = cursor === null;
        setRows((current) => {
          if (first || !current) return got;
          // A row added here while pages still came may be in this page too: keep one of each.
          const known = new Set(current.map((r) => r.id));
          return [...current, ...got.filter((r) => !known.has(r.id))];
        });
        cursor = nextCursor;
        limit = NEXT_PAGES;
      } while (cursor);
    }
    run().catch((error: Error) => {
      if (cancelled) return;
      setRows((current) => current ?? []);
      setLoading(false);
      onErrorRef.current(error.message);
    });
    return () => {
      cancelled = true;
    };
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps

  const rowsRef = useRef(rows);
  useEffect(() => {
    rowsRef.current = rows;
  }, [rows]);
  const put = useCallback((row: Row, grow?: (info: Omit<P, 'rows' | 'nextCursor'>) => Omit<P, 'rows' | 'nextCursor'>) => {
    if (grow && !rowsRef.current?.some((r) => r.id === row.id)) setInfo((i) => (i ? grow(i) : i));
    setRows((current) => {
      const list = current ?? [];
      if (list.some((r) => r.id === row.id)) return list.map((r) => (r.id === row.id ? row : r));
      return order ? [...list, row].sort(order) : [row, ...list];
    });
  }, [order]);

  return { rows, info, loading, put };
}
