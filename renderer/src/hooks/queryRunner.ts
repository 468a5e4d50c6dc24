// The state machine behind useQuery, without React: one load at a time counts, the newest. A load
// started earlier that answers later (the user moved on to another audit meanwhile) is dropped, so
// an out-of-order response never overwrites a newer one.

export interface QueryState<T> {
  data: T | undefined;
  /** The load's error message, as the app worded it; null when the last load succeeded. */
  error: string | null;
  loading: boolean;
}

export interface QueryRunner<T> {
  state: () => QueryState<T>;
  /** Starts a load; resolves when it settled (or was overtaken). Never rejects. */
  run: (load: () => Promise<T>, onError?: (message: string) => void) => Promise<void>;
  /** Replaces the data shown (after a local change), without a load. */
  set: (update: T | ((current: T | undefined) => T | undefined)) => void;
  /** Drops whatever is still on its way (the screen went away). */
  cancel: () => void;
}

export function createQueryRunner<T>(onChange: (state: QueryState<T>) => void): QueryRunner<T> {
  let state: QueryState<T> = { data: undefined, error: null, loading: true };
  let generation = 0;
  const publish = (next: Partial<QueryState<T>>) => {
    state = { ...state, ...next };
    onChange(state);
  };
  return {
    state: () => state,
    run: async (load, onError) => {
      const mine = ++generation;
      if (!state.loading) publish({ loading: true });
      try {
        const data = await load();
        if (mine === generation) publish({ data, error: null, loading: false });
      } catch (error) {
        if (mine !== generation) return;
        const message = error instanceof Error ? error.message : String(error);
        // A failed load shows no data of an earlier one as if it were current.
        publish({ data: undefined, error: message, loading: false });
        onError?.(message);
      }
    },
    set: (update) => {
      // A load on its way still lands: it may be the load of newer inputs (another record chosen).
      const data = typeof update === 'function' ? (update as (current: T | undefined) => T | undefined)(state.data) : update;
      publish({ data, error: null });
    },
    cancel: () => {
      generation++;
    },
  };
}
