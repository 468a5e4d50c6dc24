import { useCallback, useEffect, useRef, useState } from 'react';
import { plainError, type FieldLabels } from '../components/plainError';
import { useFlushOnLeave } from './useFlushOnLeave';

// Saves a patch shortly after the last edit, merges edits made while a save is under way, and
// flushes when the screen closes or the page is hidden. "Saved" is shown only after the app says so.
// When a combined save is refused, each field is saved on its own: one invalid field never holds
// back the others, and it stays pending (and named) until it is corrected.

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; message: string; fields: string[] };

/** "Invalid input for plans.save: scheduleEnd: …" reads as "Schedule ends: …", with the screen's labels. */
export function readableSaveError(message: string, labels?: FieldLabels): string {
  return plainError(message, labels);
}

export function useAutosave<T extends object>(save: (patch: Partial<T>) => Promise<void>, delayMs = 500, labels?: FieldLabels) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const pending = useRef<Partial<T>>({});
  const timer = useRef<number | undefined>(undefined);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const saveRef = useRef(save);
  const labelsRef = useRef(labels);
  useEffect(() => {
    saveRef.current = save;
    labelsRef.current = labels;
  }, [save, labels]);

  const saveFieldByField = useCallback(async (patch: Partial<T>): Promise<Array<[string, string]>> => {
    const failures: Array<[string, string]> = [];
    for (const [key, value] of Object.entries(patch)) {
      try {
        await saveRef.current({ [key]: value } as Partial<T>);
      } catch (error) {
        failures.push([key, readableSaveError((error as Error).message, labelsRef.current)]);
        // Kept for the next try, unless the person has typed a newer value meanwhile.
        if (!(key in pending.current)) (pending.current as Record<string, unknown>)[key] = value;
      }
    }
    return failures;
  }, []);

  /** Saves everything pending now; resolves true when all of it is stored. */
  const flush = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    const patch = pending.current;
    if (Object.keys(patch).length === 0) return true;
    pending.current = {};
    setState({ kind: 'saving' });
    const run = (async () => {
      let failures: Array<[string, string]> = [];
      try {
        await saveRef.current(patch);
      } catch (error) {
        failures =
          Object.keys(patch).length > 1
            ? await saveFieldByField(patch)
            : [[Object.keys(patch)[0] as string, readableSaveError((error as Error).message, labelsRef.current)]];
        if (Object.keys(patch).length === 1) {
          const [key] = Object.keys(patch) as Array<keyof T>;
          if (key !== undefined && !(key in pending.current)) pending.current[key] = patch[key];
        }
      }
      if (failures.length > 0) {
        setState({ kind: 'error', message: failures.map(([, message]) => message).join('; '), fields: failures.map(([key]) => key) });
        return false;
      }
      setState(Object.keys(pending.current).length > 0 ? { kind: 'pending' } : { kind: 'saved', at: new Date() });
      return true;
    })();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  }, [saveFieldByField]);

  const queue = useCallback(
    (patch: Partial<T>) => {
      pending.current = { ...pending.current, ...patch };
      setState((current) => (current.kind === 'error' ? current : { kind: 'pending' }));
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush(), delayMs);
    },
    [delayMs, flush],
  );

  useFlushOnLeave(flush);

  return { state, queue, flush };
}
