import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { createHandlers } from '../../electron/api/handlers';
import type { Core } from '../../electron/services';
import { verifyAll } from '../../electron/system/verify';
import { contract, methodNames, type MethodName } from '../../shared/api/contract';
import { exchange, laptop } from '../helpers/laptops';
import { plausible, type IdsByField } from '../helpers/plausible';

// Random sequences of plausible API calls, any method of the contract, on two laptops that swap
// bundles between calls: `verify` holds on both after every call and every exchange. Methods of the
// sync domain are left to the exchanges themselves, and reports and identities (seconds each, for
// PDFs and RSA keys) to their own tests. SEQUENCE_RUNS sets the number of runs.

const runs = Number(process.env.SEQUENCE_RUNS ?? 10);
const slowDomains = new Set(['sync', 'reports', 'identity']);
const methods = methodNames.filter((name) => !slowDomains.has(name.split('.')[0] as string));

type Step = { kind: 'call'; at: number; method: MethodName; pick: number } | { kind: 'send'; from: number; delta: boolean };

interface Laptop {
  core: Core;
  handlers: ReturnType<typeof createHandlers>;
  /** Ids of records this laptop knows, by the field that would name them. */
  ids: Record<string, string[]>;
}

const idFields: Record<string, string> = { audits: 'auditId', releases: 'releaseId', findings: 'findingId', interviews: 'interviewId', templates: 'templateId', warroom: 'correctsId' };

/** Remembers the ids an answer carries, under the field names that point at such records. */
function learn(target: Laptop, method: MethodName, value: unknown): void {
  const domain = method.split('.')[0] as string;
  const add = (field: string, id: unknown) => {
    if (typeof id !== 'string') return;
    const list = (target.ids[field] ??= []);
    if (!list.includes(id)) list.push(id);
  };
  const record = value as { id?: unknown; runbook?: Array<{ id: string }>; versions?: Array<{ id: string }>; templateId?: unknown } | null;
  if (!record || typeof record !== 'object') return;
  if (domain === 'templates' && method !== 'templates.create' && method !== 'templates.saveDraft') add('templateVersionId', record.id);
  else if (idFields[domain]) add(idFields[domain], record.id);
  for (const step of record.runbook ?? []) add('stepId', step.id);
  for (const version of record.versions ?? []) add('templateVersionId', version.id);
}

function idsFor(target: Laptop, method: MethodName): IdsByField {
  const any = Object.values(target.ids).flat();
  const own = target.ids[idFields[method.split('.')[0] as string] ?? 'auditId'] ?? [];
  const ids: Record<string, string[]> = { ...target.ids, any: any.length > 0 ? any : ['01900000-0000-7000-8000-000000000000'] };
  if (own.length > 0) ids.id = own;
  for (const alias of ['versionId', 'fromVersionId', 'toVersionId']) if (target.ids.templateVersionId) ids[alias] = target.ids.templateVersionId;
  if (target.ids.correctsId) ids.changeEntryId = target.ids.correctsId;
  if (target.ids.findingId) ids.findingIds = target.ids.findingId;
  return ids as IdsByField;
}

describe('random API calls on two laptops swapping bundles', () => {
  it('keep verify holding on both after every call and every exchange', async () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('call' as const), at: fc.integer({ min: 0, max: 1 }), method: fc.constantFrom(...methods), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('send' as const), from: fc.integer({ min: 0, max: 1 }), delta: fc.boolean() }) },
    );
    const counts = { ok: 0, refused: 0, sent: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 16 }), fc.integer(), async (steps, seed) => {
        const laptops: Laptop[] = [laptop('Alice'), laptop('Bob')].map((core) => ({ core, handlers: createHandlers(core), ids: {} }));
        const [a, b] = laptops as [Laptop, Laptop];
        const audit = await dispatch(a.handlers, 'audits.create', { name: 'Shared' });
        if (!audit.ok) throw new Error(audit.error.message);
        const auditId = (audit.value as { id: string }).id;
        const release = await dispatch(a.handlers, 'releases.create', { auditId, identifier: 'R-1' });
        if (!release.ok) throw new Error(release.error.message);
        learn(a, 'audits.create', audit.value);
        learn(a, 'releases.create', release.value);
        const templates = await dispatch(a.handlers, 'templates.list', {});
        for (const template of templates.ok ? (templates.value as Array<{ id: string; versions: Array<{ id: string }> }>) : []) learn(a, 'templates.list', template);
        await exchange(a.core, b.core, auditId);
        b.ids = structuredClone(a.ids);
        let random = seed;
        for (const [index, current] of steps.entries()) {
          if (current.kind === 'call') {
            const target = laptops[current.at] as Laptop;
            random += 1;
            const [input] = fc.sample(plausible(contract[current.method].input as z.ZodType, idsFor(target, current.method)), { seed: random + current.pick, numRuns: 1 });
            const result = await dispatch(target.handlers, current.method, input);
            if (result.ok) {
              counts.ok += 1;
              learn(target, current.method, result.value);
            } else {
              counts.refused += 1;
              expect(result.error.code, `${current.method}: ${result.error.message}`).not.toBe('INTERNAL');
            }
          } else {
            counts.sent += 1;
            const from = laptops[current.from] as Laptop;
            const to = laptops[1 - current.from] as Laptop;
            await exchange(from.core, to.core, auditId, { forPeer: current.delta });
            // What the receiver now holds, it may point at.
            for (const [field, ids] of Object.entries(from.ids)) {
              const known = (to.ids[field] ??= []);
              for (const id of ids) if (!known.includes(id)) known.push(id);
            }
          }
          for (const [n, l] of laptops.entries()) expect((await verifyAll(l.core)).problems, `laptop ${n} after step ${index} (${current.kind === 'call' ? current.method : 'exchange'})`).toEqual([]);
        }
        for (const l of laptops) l.core.close();
      }),
      { numRuns: runs, endOnFailure: true },
    );
    if (process.env.FUZZ_REPORT) console.log('sequence answers', JSON.stringify(counts));
  }, Math.max(120_000, runs * 10_000));
});
