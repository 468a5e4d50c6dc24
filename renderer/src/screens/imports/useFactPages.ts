import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredFact } from '../../../../shared/api/import-methods';
import type { Fact } from '../../../../shared/api/imports';
import { api } from '../../api/client';

// A release's facts a page at a time, loaded only where the list is looked at: a million-line log's
// facts cost a page of requests per screenful, never the whole set. When only the imports changed
// (a file finished importing), the rows on screen stay until the new first page has come, so the
// list never empties under the reader's keyboard; another release or filter starts from nothing.

export const FACT_PAGE = 200;

export interface FactPages {
  /** How many facts there are (null until the first page came). */
  total: number | null;
  /** The fact at a position, or undefined while its page is on its way. */
  at: (index: number) => StoredFact | undefined;
  /** Asks for the pages holding these positions (those not yet asked for). */
  want: (from: number, to: number) => void;
  error: string | null;
  /** Grows each time a page comes, so that what waits for a row to be drawn can look again. */
  revision: number;
}

interface Answered {
  /** The key of the pages on screen (or of the request that failed). */
  key: string;
  filter: string;
  total: number | null;
  error: string | null;
  pages: number;
}

export function useFactPages(releaseId: string, kind: Fact['kind'] | null, version: number): FactPages {
  const filter = `${releaseId}|${kind ?? ''}`;
  // What the pages answered, for the filter they were asked with (an older filter's answer reads as none).
  const key = `${filter}|${version}`;
  const [answered, setAnswered] = useState<Answered>({ key: '', filter: '', total: null, error: null, pages: 0 });
  // The pages on screen, and those of the current key (the same map once its first page came).
  const shown = useRef(new Map<number, StoredFact[]>());
  const incoming = useRef(new Map<number, StoredFact[]>());
  const asked = useRef(new Set<number>());
  const current = useRef('');

  const load = useCallback(
    (page: number) => {
      if (asked.current.has(page)) return;
      asked.current.add(page);
      api['imports.facts']({ releaseId, ...(kind ? { kind } : {}), offset: page * FACT_PAGE, limit: FACT_PAGE })
        .then((answer) => {
          if (key !== current.current) return;
          incoming.current.set(page, answer.items);
          if (page !== 0 && shown.current !== incoming.current) return;
          shown.current = incoming.current;
          setAnswered((a) => ({ key, filter, total: answer.total, error: null, pages: a.pages + 1 }));
        })
        .catch((failure: Error) => {
          if (key !== current.current) return;
          asked.current.delete(page);
          setAnswered((a) => ({ key, filter, total: a.key === key ? a.total : null, error: failure.message, pages: a.pages }));
        });
    },
    [releaseId, kind, key, filter],
  );

  // Another filter, release or import: ask again from the first page.
  useEffect(() => {
    const sameFilter = current.current.startsWith(`${filter}|`);
    current.current = key;
    incoming.current = new Map();
    if (!sameFilter) shown.current = incoming.current;
    asked.current = new Set();
    load(0);
  }, [key, filter, load]);

  const at = useCallback((index: number) => shown.current.get(Math.floor(index / FACT_PAGE))?.[index % FACT_PAGE], []);
  const want = useCallback(
    (from: number, to: number) => {
      for (let page = Math.floor(from / FACT_PAGE); page <= Math.floor(to / FACT_PAGE); page += 1) load(page);
    },
    [load],
  );
  // Until the new first page comes, the answer for the same release and filter still stands.
  return { total: answered.filter === filter ? answered.total : null, at, want, error: answered.key === key ? answered.error : null, revision: answered.pages };
}
