import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import type { Core } from '../services';
import { verifyAll } from '../system/verify';
import { listConflicts } from '../sync/service';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { testCore } from '../../tests/helpers/temp';

// Lists saved whole (a release's tickets, runbook steps and components): any sequence of saves,
// on one laptop or on two that swap bundles, leaves every record as the ledger says (`verify`
// holds after every call). A removed row never comes back under its old id: that is refused,
// and the refusal writes nothing.

type ListName = 'tickets' | 'runbook' | 'components';
const methods = { tickets: 'releases.saveTickets', runbook: 'releases.saveRunbook', components: 'releases.saveComponents' } as const;
const listKey = { tickets: 'tickets', runbook: 'steps', components: 'components' } as const;

function item(list: ListName, label: string, id?: string): Record<string, unknown> {
  const base = id ? { id } : {};
  if (list === 'tickets') return { ...base, reference: `CHG-${label}` };
  if (list === 'runbook') return { ...base, title: `Step ${label}` };
  return { ...base, name: `lib-${label}` };
}

/** One save: which list, which known ids to send again (any ever seen, removed ones too), how many new rows. */
type Save = { kind: 'save'; at: number; list: ListName; reuse: number[]; fresh: number; label: string };
type Send = { kind: 'send'; from: number; delta: boolean };
type Step = Save | Send;

const save = (laptops: number): fc.Arbitrary<Save> =>
  fc.record({
    kind: fc.constant('save' as const),
    at: fc.integer({ min: 0, max: laptops - 1 }),
    list: fc.constantFrom<ListName>('tickets', 'runbook', 'components'),
    reuse: fc.array(fc.nat({ max: 4 }), { maxLength: 3 }),
    fresh: fc.integer({ min: 0, max: 2 }),
    label: fc.constantFrom('a', 'b', 'c'),
  });

interface Laptop {
  core: Core;
  handlers: ReturnType<typeof createHandlers>;
}

async function saveOn(target: Laptop, releaseId: string, step: Save, seen: Map<ListName, string[]>): Promise<void> {
  const pool = seen.get(step.list) ?? [];
  const reused = [...new Set(step.reuse.filter((i) => i < pool.length).map((i) => pool[i] as string))];
  const wanted = [...reused.map((id) => item(step.list, step.label, id)), ...Array.from({ length: step.fresh }, (_, i) => item(step.list, `${step.label}${i}`))];
  const before = target.core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get();
  const result = await dispatch(target.handlers, methods[step.list], { releaseId, [listKey[step.list]]: wanted });
  if (result.ok) {
    const saved = (result.value as Record<ListName, Array<{ id: string }>>)[step.list].map((row) => row.id);
    for (const id of reused) expect(saved).toContain(id);
    expect(saved).toHaveLength(wanted.length);
    for (const id of saved) if (!pool.includes(id)) pool.push(id);
    seen.set(step.list, pool);
  } else {
    // Only a removed id sent again is refused, in words, and nothing is written.
    expect(result.error.code).toBe('CONFLICT');
    expect(result.error.message).toMatch(/was removed earlier.*cannot come back under its old id/);
    expect(target.core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual(before);
  }
}

async function expectVerified(core: Core, context: string): Promise<void> {
  const report = await verifyAll(core);
  expect(report.problems, context).toEqual([]);
}

const listTables = ['change_tickets', 'runbook_steps', 'release_components'];

describe('saving whole lists', () => {
  it('refuses a removed runbook step, ticket or component sent again under its id, and verify holds', async () => {
    const core = testCore();
    const handlers = createHandlers(core);
    const call = (method: string, input: unknown) => dispatch(handlers, method, input);
    const audit = (await call('audits.create', { name: 'A' })) as { ok: true; value: { id: string } };
    const release = (await call('releases.create', { auditId: audit.value.id, identifier: 'R-1' })) as { ok: true; value: { id: string } };
    const releaseId = release.value.id;
    for (const list of ['runbook', 'tickets', 'components'] as const) {
      const first = (await call(methods[list], { releaseId, [listKey[list]]: [item(list, 'one')] })) as { ok: true; value: Record<ListName, Array<{ id: string }>> };
      const id = first.value[list][0]!.id;
      expect((await call(methods[list], { releaseId, [listKey[list]]: [] })).ok).toBe(true);
      const again = await call(methods[list], { releaseId, [listKey[list]]: [item(list, 'one', id)] });
      expect(again.ok, list).toBe(false);
      expect(!again.ok && again.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/was removed earlier/) as unknown });
      expect((await call(methods[list], { releaseId, [listKey[list]]: [item(list, 'one')] })).ok).toBe(true);
      await expectVerified(core, list);
    }
  });

  it('keeps verify holding after every save of a random sequence on one laptop', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(save(1), { minLength: 1, maxLength: 12 }), async (steps) => {
        const core = testCore();
        const target = { core, handlers: createHandlers(core) };
        const audit = (await dispatch(target.handlers, 'audits.create', { name: 'A' })) as { ok: true; value: { id: string } };
        const release = (await dispatch(target.handlers, 'releases.create', { auditId: audit.value.id, identifier: 'R-1' })) as { ok: true; value: { id: string } };
        const seen = new Map<ListName, string[]>();
        for (const [index, step] of steps.entries()) {
          await saveOn(target, release.value.id, step, seen);
          await expectVerified(core, `after step ${index}`);
        }
        core.close();
      }),
      { numRuns: Number(process.env.LIST_PROPERTY_RUNS ?? 25), endOnFailure: true },
    );
  }, 120_000);

  it('keeps verify holding on two laptops that save and swap bundles at random, and one author\'s saves make no conflict', async () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 3, arbitrary: save(2) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('send' as const), from: fc.integer({ min: 0, max: 1 }), delta: fc.boolean() }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), fc.boolean(), async (steps, oneAuthor) => {
        const laptops: Laptop[] = [laptop('Alice'), laptop('Bob')].map((core) => ({ core, handlers: createHandlers(core) }));
        const [a, b] = laptops as [Laptop, Laptop];
        const audit = (await dispatch(a.handlers, 'audits.create', { name: 'Shared' })) as { ok: true; value: { id: string } };
        const auditId = audit.value.id;
        const release = (await dispatch(a.handlers, 'releases.create', { auditId, identifier: 'R-1' })) as { ok: true; value: { id: string } };
        await exchange(a.core, b.core, auditId);
        // Each laptop learns the ids the other made only through bundles, as a screen would.
        const seen = [new Map<ListName, string[]>(), new Map<ListName, string[]>()];
        for (const [index, current] of steps.entries()) {
          if (current.kind === 'save') {
            // With one author, Alice makes every change and Bob only receives them.
            const at = oneAuthor ? 0 : current.at;
            await saveOn(laptops[at] as Laptop, release.value.id, current, seen[at] as Map<ListName, string[]>);
          } else {
            const from = oneAuthor ? 0 : current.from;
            await exchange(laptops[from]!.core, laptops[1 - from]!.core, auditId, { forPeer: current.delta });
            // What the receiver now holds, it may send again: merge the sender's ids into its pool.
            for (const [list, ids] of seen[from] as Map<ListName, string[]>) {
              const pool = (seen[1 - from] as Map<ListName, string[]>).get(list) ?? [];
              for (const id of ids) if (!pool.includes(id)) pool.push(id);
              (seen[1 - from] as Map<ListName, string[]>).set(list, pool);
            }
          }
          for (const [n, l] of laptops.entries()) await expectVerified(l.core, `laptop ${n} after step ${index}`);
        }
        await exchange(a.core, b.core, auditId);
        await exchange(b.core, a.core, auditId);
        for (const l of laptops) await expectVerified(l.core, 'after the final exchanges');
        expect(recordsOf(b.core, listTables)).toEqual(recordsOf(a.core, listTables));
        if (oneAuthor) {
          expect(listConflicts(b.core, auditId)).toEqual([]);
          expect(listConflicts(a.core, auditId)).toEqual([]);
        }
        for (const l of laptops) l.core.close();
      }),
      { numRuns: Number(process.env.LIST_SYNC_PROPERTY_RUNS ?? 8), endOnFailure: true },
    );
  }, 120_000);
});
