import { useCallback, useEffect, useRef, useState } from 'react';

// Saves a patch shortly after the last edit, merges edits made while a save is under way, and
// flushes when the screen closes or the page is hidden. "Saved" is shown only after the app says so.

export type SaveState = { kind: 'idle' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; message: string };

export function useAutosave<T extends object>(save: (patch: Partial<T>) => Promise<void>, delayMs = 500) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const pending = useRef<Partial<T>>({});
  const timer = useRef<number | undefined>(undefined);
  const inFlight = useRef<Promise<void> | null>(null);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  const flush = useCallback(async (): Promise<void> => {
    window.clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    const patch = pending.current;
    if (Object.keys(patch).length === 0) return;
    pending.current = {};
    setState({ kind: 'saving' });
    inFlight.current = saveRef
      .current(patch)
      .then(
        () => setState(Object.keys(pending.current).length > 0 ? { kind: 'pending' } : { kind: 'saved', at: new Date() }),
        (error: Error) => {
          pending.current = { ...patch, ...pending.current };
          setState({ kind: 'error', message: error.message });
        },
      )
      .finally(() => {
        inFlight.current = null;
      });
    await inFlight.current;
  }, []);

  const queue = useCallback(
    (patch: Partial<T>) => {
      pending.current = { ...pending.current, ...patch };
      setState({ kind: 'pending' });
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush(), delayMs);
    },
    [delayMs, flush],
  );

  useEffect(() => {
    const onHide = () => void flush();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      void flush();
    };
  }, [flush]);

  return { state, queue, flush };
}
