import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { useNotices } from '../components/Notice';
import { createQueryRunner, type QueryState } from './queryRunner';

export interface Query<T> extends QueryState<T> {
  /** Loads again with the current inputs; resolves when the load settled. */
  reload: () => Promise<void>;
  /** Replaces the data shown after a local change (an added row, a saved record). */
  setData: (update: T | ((current: T | undefined) => T | undefined)) => void;
}

/**
 * Load-then-show: runs `load` when `deps` change, keeps only the newest answer, and gives its data,
 * its error message (the app's own words) and whether it is loading. `onError` hears each failure
 * (a screen that says errors as notices passes its `push`).
 */
export function useQuery<T>(load: () => Promise<T>, deps: DependencyList, onError?: (message: string) => void): Query<T> {
  const loadRef = useRef(load);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    loadRef.current = load;
    onErrorRef.current = onError;
  });
  const [state, setState] = useState<QueryState<T>>({ data: undefined, error: null, loading: true });
  const [runner] = useState(() => createQueryRunner<T>(setState));

  useEffect(() => {
    // The load of this render: the ref is brought up to date only after this effect.
    void runner.run(load, (message) => onErrorRef.current?.(message));
    return () => runner.cancel();
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps

  const reload = useCallback(() => runner.run(() => loadRef.current(), (message) => onErrorRef.current?.(message)), [runner]);
  const setData = useCallback((update: T | ((current: T | undefined) => T | undefined)) => runner.set(update), [runner]);
  return { ...state, reload, setData };
}

/** The usual `onError` of a screen that says load failures as an error notice. */
export function useErrorNotice(): (message: string) => void {
  const push = useNotices((s) => s.push);
  return useCallback((message: string) => push('error', message), [push]);
}
