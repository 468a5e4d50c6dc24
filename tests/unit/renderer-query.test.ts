import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createQueryRunner, type QueryState } from '../../renderer/src/hooks/queryRunner';
import { retainSelection, selectionGone } from '../../renderer/src/hooks/selection';

// A load whose answer the test gives when it wants: the order of answers is the test's, not the clock's.
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function recorder<T>() {
  const seen: Array<QueryState<T>> = [];
  const runner = createQueryRunner<T>((s) => seen.push(s));
  return { runner, seen, last: () => runner.state() };
}

describe('the query hook keeps only the newest answer', () => {
  it('drops an older load that answers after a newer one', async () => {
    const { runner, last } = recorder<string>();
    const first = deferred<string>();
    const second = deferred<string>();
    const a = runner.run(() => first.promise);
    const b = runner.run(() => second.promise);
    second.resolve('audit B');
    await b;
    first.resolve('audit A');
    await a;
    expect(last()).toEqual({ data: 'audit B', error: null, loading: false });
  });

  it('drops an older failure that arrives after a newer answer, and says nothing of it', async () => {
    const errors: string[] = [];
    const { runner, last } = recorder<string>();
    const first = deferred<string>();
    const a = runner.run(() => first.promise, (m) => errors.push(m));
    const b = runner.run(() => Promise.resolve('fresh'), (m) => errors.push(m));
    await b;
    first.reject(new Error('Audit not found.'));
    await a;
    expect(last()).toEqual({ data: 'fresh', error: null, loading: false });
    expect(errors).toEqual([]);
  });

  it('shows the last answer whatever order any number of loads answer in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }))), async ([n, order]) => {
        const { runner, last } = recorder<number>();
        const loads = [...Array(n).keys()].map(() => deferred<number>());
        const runs = loads.map((d) => runner.run(() => d.promise));
        for (const i of order) {
          loads[i]?.resolve(i);
          await runs[i];
        }
        expect(last().data).toBe(n - 1);
        expect(last().loading).toBe(false);
      }),
    );
  });

  it('says a failed load in the app’s words, shows no earlier data as current, and tells the screen', async () => {
    const errors: string[] = [];
    const { runner, last } = recorder<string[]>();
    await runner.run(() => Promise.resolve(['v1']));
    await runner.run(() => Promise.reject(new Error('The audit is finalised: its records read only.')), (m) => errors.push(m));
    expect(last()).toEqual({ data: undefined, error: 'The audit is finalised: its records read only.', loading: false });
    expect(errors).toEqual(['The audit is finalised: its records read only.']);
  });

  it('is loading from the start and while a reload runs, and keeps the data shown meanwhile', async () => {
    const { runner, last } = recorder<string>();
    expect(last().loading).toBe(true);
    await runner.run(() => Promise.resolve('one'));
    const next = deferred<string>();
    const run = runner.run(() => next.promise);
    expect(last()).toEqual({ data: 'one', error: null, loading: true });
    next.resolve('two');
    await run;
    expect(last()).toEqual({ data: 'two', error: null, loading: false });
  });

  it('shows a local change at once, and still lets the load of newer inputs land after it', async () => {
    const { runner, last, seen } = recorder<string[]>();
    await runner.run(() => Promise.resolve(['first']));
    runner.set(['added here']);
    runner.set((l) => [...(l ?? []), 'and this']);
    expect(last()).toEqual({ data: ['added here', 'and this'], error: null, loading: false });
    const other = deferred<string[]>();
    const run = runner.run(() => other.promise);
    runner.set(['a save of the record shown before']);
    other.resolve(['the record chosen since']);
    await run;
    expect(last()).toEqual({ data: ['the record chosen since'], error: null, loading: false });

    const gone = deferred<string[]>();
    const late = runner.run(() => gone.promise);
    runner.cancel();
    const before = seen.length;
    gone.resolve(['after the screen went away']);
    await late;
    expect(seen.length).toBe(before);
  });
});

describe('remembered selection', () => {
  const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  it('keeps the chosen item while the list has it, else shows the first', () => {
    expect(retainSelection('b', items)?.id).toBe('b');
    expect(retainSelection(null, items)?.id).toBe('a');
    expect(retainSelection('gone', items)?.id).toBe('a');
    expect(retainSelection('a', [])).toBeUndefined();
  });
  it('forgets a choice only when its item left the list', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd')), fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }), (ids, chosen) => {
        const list = ids.map((id) => ({ id }));
        const gone = selectionGone(chosen, list);
        expect(gone).toBe(chosen !== null && !ids.includes(chosen));
        if (!gone && chosen !== null) expect(retainSelection(chosen, list)?.id).toBe(chosen);
      }),
    );
  });
});
