import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredFact } from '../../../../shared/api/import-methods';
import type { Fact } from '../../../../shared/api/imports';
import { api } from '../../api/client';

// A release's facts a page at a time, loaded only where the list is looked at: a million-line log's
// facts cost a page of requests per screenful, never the whole set.

export const FACT_PAGE = 200;

export interface FactPages {
  /** How many facts there are (null until the first page came). */
  total: number | null;
  /** The fact at a position, or undefined while its page is on its way. */
  at: (index: number) => StoredFact | undefined;
  /** Asks for the pages holding these positions (those not yet asked for). */
  want: (from: number, to: number) => void;
  error: string | null;
}

export function useFactPages(releaseId: string, kind: Fact['kind'] | null, version: number): FactPages {
  // What the pages answered, for the filter they were asked with (an older filter's answer reads as none).
  const key = `${releaseId}|${kind ?? ''}|${version}`;
  const [answered, setAnswered] = useState<{ key: string; total: number | null; error: string | null; pages: number }>({ key: '', total: null, error: null, pages: 0 });
  const pages = useRef(new Map<number, StoredFact[]>());
  const asked = useRef(new Set<number>());
  const current = useRef('');

  const load = useCallback(
    (page: number) => {
      if (asked.current.has(page)) return;
      asked.current.add(page);
      api['imports.facts']({ releaseId, ...(kind ? { kind } : {}), offset: page * FACT_PAGE, limit: FACT_PAGE })
        .then((answer) => {
          if (key !== current.current) return;
          pages.current.set(page, answer.items);
          setAnswered((a) => ({ key, total: answer.total, error: null, pages: (a.key === key ? a.pages : 0) + 1 }));
        })
        .catch((failure: Error) => {
          if (key !== current.current) return;
          asked.current.delete(page);
          setAnswered((a) => ({ key, total: a.key === key ? a.total : null, error: failure.message, pages: a.key === key ? a.pages : 0 }));
        });
    },
    [releaseId, kind, key],
  );

  // Another filter, release or import: start again from the first page.
  useEffect(() => {
    current.current = key;
    pages.current = new Map();
    asked.current = new Set();
    load(0);
  }, [key, load]);

  const at = useCallback((index: number) => pages.current.get(Math.floor(index / FACT_PAGE))?.[index % FACT_PAGE], []);
  const want = useCallback(
    (from: number, to: number) => {
      for (let page = Math.floor(from / FACT_PAGE); page <= Math.floor(to / FACT_PAGE); page += 1) load(page);
    },
    [load],
  );
  const mine = answered.key === key;
  return { total: mine ? answered.total : null, at, want, error: mine ? answered.error : null };
}
