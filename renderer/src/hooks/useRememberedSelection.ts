import { useCallback, useEffect, useState } from 'react';
import { retainSelection, selectionGone } from './selection';

/**
 * The item of a list the user chose, kept for this window's session (a screen switch or a reload
 * comes back to it) and dropped when the item is no longer in the list; until a choice, the first.
 * `items` is null while the list loads.
 */
export function useRememberedSelection<T extends { id: string }>(key: string, items: readonly T[] | null | undefined): [T | undefined, (id: string) => void] {
  const storageKey = `release-audit.${key}`;
  const [chosen, setChosen] = useState<string | null>(() => window.sessionStorage.getItem(storageKey));
  const gone = items ? selectionGone(chosen, items) : false;
  useEffect(() => {
    if (gone) window.sessionStorage.removeItem(storageKey);
  }, [gone, storageKey]);
  const choose = useCallback(
    (id: string) => {
      window.sessionStorage.setItem(storageKey, id);
      setChosen(id);
    },
    [storageKey],
  );
  return [items ? retainSelection(gone ? null : chosen, items) : undefined, choose];
}
