import { useCallback, useEffect, useRef, useState } from 'react';
import type { Finding, FindingSummary } from '../../../../shared/api/findings';
import { severities, type Severity } from '../../../../shared/enums';
import { api } from '../../api/client';

// The audit's findings a page at a time: the first page shows at once, the rest follow in the
// background. A saved or moved finding replaces its own row; nothing reloads the whole list.

const FIRST_PAGE = 100;
const NEXT_PAGES = 500;

export interface FindingPages {
  rows: FindingSummary[] | null;
  counts: Record<Severity, number>;
  /** More pages are still on their way. */
  loading: boolean;
  /** Puts a saved finding in place of its row (or adds it, newest first within its severity). */
  put: (finding: Finding) => void;
  remove: (id: string) => void;
}

const emptyCounts = () => Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>;

/** The server's order: by severity, then newest first. */
function order(a: FindingSummary, b: FindingSummary): number {
  return severities.indexOf(a.severity) - severities.indexOf(b.severity) || b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
}

function summaryOf(finding: Finding): FindingSummary {
  const { criteria: _c, condition: _n, cause: _a, effect: _e, recommendation: _r, acceptedReason: _x, ...summary } = finding;
  return summary;
}

export function useFindingPages(auditId: string, onError: (message: string) => void): FindingPages {
  const [rows, setRows] = useState<FindingSummary[] | null>(null);
  const [counts, setCounts] = useState(emptyCounts);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let cancelled = false;
    async function load() {
      let cursor: string | null = null;
      let limit = FIRST_PAGE;
      do {
        const page = await api['findings.list']({ auditId, cursor, limit });
        if (cancelled) return;
        setCounts(page.counts);
        const first = cursor === null;
        setRows((current) => {
          if (first || !current) return page.rows;
          // A finding saved here while pages still came may be in this page too: keep one of each.
          const known = new Set(current.map((r) => r.id));
          return [...current, ...page.rows.filter((r) => !known.has(r.id))].sort(order);
        });
        cursor = page.nextCursor;
        limit = NEXT_PAGES;
      } while (cursor);
      setLoading(false);
    }
    load().catch((error: Error) => {
      if (cancelled) return;
      setRows((current) => current ?? []);
      setLoading(false);
      onError(error.message);
    });
    return () => {
      cancelled = true;
    };
  }, [auditId, onError]);

  const rowsRef = useRef(rows);
  useEffect(() => {
    rowsRef.current = rows;
  }, [rows]);

  const put = useCallback((finding: Finding) => {
    const row = summaryOf(finding);
    const before = rowsRef.current?.find((r) => r.id === row.id);
    if (!before || before.severity !== row.severity) {
      setCounts((c) => ({ ...c, [row.severity]: c[row.severity] + 1, ...(before ? { [before.severity]: c[before.severity] - (before.severity === row.severity ? 0 : 1) } : {}) }));
    }
    setRows((current) => {
      const list = current ?? [];
      const same = list.find((r) => r.id === row.id);
      if (same && same.severity === row.severity) return list.map((r) => (r.id === row.id ? row : r));
      return [...list.filter((r) => r.id !== row.id), row].sort(order);
    });
  }, []);

  const remove = useCallback((id: string) => {
    const gone = rowsRef.current?.find((r) => r.id === id);
    if (gone) setCounts((c) => ({ ...c, [gone.severity]: c[gone.severity] - 1 }));
    setRows((current) => (current ?? []).filter((r) => r.id !== id));
  }, []);

  return { rows, counts, loading, put, remove };
}
