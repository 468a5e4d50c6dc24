import { useCallback, useEffect, useRef, useState } from 'react';
import type { SaveState } from './useAutosave';
import { useFlushOnLeave } from './useFlushOnLeave';
import { readableSaveError } from './useAutosave';
import type { FieldLabels } from '../components/plainError';

// A list the screen edits freely (runbook steps, tickets, components) and saves whole, shortly after
// the last change. New rows carry ids made here, so saving never disturbs what is being typed.

export function useListSave<T>(initial: T[], save: (items: T[]) => Promise<void>, delayMs = 700, labels?: FieldLabels) {
  const [items, setItems] = useState<T[]>(initial);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef<T[] | null>(null);
  const saveRef = useRef(save);
  const labelsRef = useRef(labels);
  useEffect(() => {
    saveRef.current = save;
    labelsRef.current = labels;
  }, [save, labels]);

  const running = useRef<Promise<void> | null>(null);
  // One save at a time, newest list last: an older list never lands over a newer one.
  const flush = useCallback(async (): Promise<void> => {
    window.clearTimeout(timer.current);
    if (running.current) await running.current;
    const next = latest.current;
    if (!next) return;
    latest.current = null;
    setState({ kind: 'saving' });
    running.current = (async () => {
      try {
        await saveRef.current(next);
        setState(latest.current ? { kind: 'pending' } : { kind: 'saved', at: new Date() });
      } catch (error) {
        latest.current ??= next;
        setState({ kind: 'error', message: readableSaveError((error as Error).message, labelsRef.current), fields: [] });
      }
    })();
    try {
      await running.current;
    } finally {
      running.current = null;
    }
  }, []);

  const change = useCallback(
    (next: T[]) => {
      setItems(next);
      latest.current = next;
      setState({ kind: 'pending' });
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush(), delayMs);
    },
    [delayMs, flush],
  );

  useFlushOnLeave(flush);
  return { items, change, state };
}
