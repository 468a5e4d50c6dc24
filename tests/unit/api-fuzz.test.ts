import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contract, methodNames, type MethodName } from '../../shared/api/contract';
import { errorCodes } from '../../shared/api/errors';
import { verifyAll } from '../../electron/system/verify';
import type { RunningHost } from '../../electron/host/server';
import type { Core } from '../../electron/services';
import type { z } from 'zod';
import { callApi, testHost } from '../helpers/host';
import { pathsOf, plausible, replaceAt, type IdsByField } from '../helpers/plausible';

// Every method of the one contract, through the real HTTP host, with arbitrary input: wrong types,
// huge strings, deep nesting, unicode, NUL and text-direction characters, and real ids of records
// that exist. Every answer is a success or a typed error other than INTERNAL (an unexpected
// exception is a bug); the host keeps answering; no stored text holds a hidden character; and
// `verify` holds at the end. FUZZ_RUNS and FUZZ_SEED replay a run; fast-check prints the seed.

type Answer = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

const hiddenCharacters = ['\u0000', '\u0007', '\u001b', '\u007f', '\u202a', '\u202e', '\u2066', '\u2069'];

/** Real records to point at, so many calls get past "not found" into the services. */
async function seed(host: RunningHost): Promise<Record<string, string>> {
  const call = async (method: string, input: unknown) => {
    const answer = (await (await callApi(host, method, input)).json()) as Answer;
    if (!answer.ok) throw new Error(`${method}: ${answer.error?.message}`);
    return answer.value as { id: string };
  };
  const audit = await call('audits.create', { name: 'Fuzzed audit' });
  const release = await call('releases.create', { auditId: audit.id, identifier: 'FUZZ-1' });
  const withSteps = (await call('releases.saveRunbook', { releaseId: release.id, steps: [{ title: 'Deploy' }] })) as unknown as { runbook: Array<{ id: string }> };
  const finding = await call('findings.create', { auditId: audit.id, title: 'Fuzzed finding' });
  const interview = await call('interviews.create', { auditId: audit.id, interviewee: 'Sam', role: 'SRE' });
  const template = await call('templates.create', { name: 'Fuzzed template', fromLibrary: false });
  const entry = await call('warroom.add', { releaseId: release.id, kind: 'note', body: { text: 'Fuzz' } });
  const templates = (await call('templates.list', {})) as unknown as Array<{ versions: Array<{ id: string }> }>;
  const version = templates.flatMap((t) => t.versions)[0]!.id;
  return { audit: audit.id, release: release.id, step: withSteps.runbook[0]!.id, finding: finding.id, interview: interview.id, template: template.id, entry: entry.id, version };
}

/** Which existing record each id field of a method names. */
function idsFor(method: MethodName, records: Record<string, string>): IdsByField {
  const own: Record<string, string> = { audits: 'audit', releases: 'release', findings: 'finding', interviews: 'interview', templates: 'template', warroom: 'entry', plans: 'audit' };
  const one = (kind: string) => [records[kind] as string];
  return {
    any: Object.values(records),
    id: one(own[method.split('.')[0] as string] ?? 'audit'),
    auditId: one('audit'),
    releaseId: one('release'),
    stepId: one('step'),
    findingIds: one('finding'),
    interviewId: one('interview'),
    templateVersionId: one('version'),
    versionId: one('version'),
    fromVersionId: one('version'),
    toVersionId: one('version'),
    correctsId: one('entry'),
    changeEntryId: one('entry'),
  };
}

const deepJsonText = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const laughs = ['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefgh'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n');

const nastyString = fc.oneof(
  fc.integer({ min: 500, max: 3000 }).map(deepJsonText),
  fc.constant(laughs),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...hiddenCharacters), fc.string({ maxLength: 10 })).map(([a, h, b]) => `${a}${h}${b}`),
  fc.constantFrom('', ' ', '\t\n', '1970-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2026-02-30', 'RA-RFC-01', 'RA-RFC-01\u202e', '__proto__', 'constructor', 'half \ud800 pair', '\udc00', '../../etc/passwd', '%ZZ'),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
);

/** A value nested `depth` deep, as JSON text (so the test itself need not recurse to send it). */
const deepText = fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean()).map(([depth, arrays]) => (arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

function valueFor(ids: string[]): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids) },
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53, Number.MAX_VALUE), fc.boolean(), fc.constant(null)) },
  );
  return fc.oneof(
    { weight: 5, arbitrary: scalar },
    { weight: 2, arbitrary: fc.array(scalar, { maxLength: 5 }) },
    { weight: 2, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('title', 'text', 'id', 'name', 'key', 'stage', 'kind'), nastyString), scalar, { maxKeys: 6 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }) },
  );
}

/**
 * A request body: plausible input for the method (read from its contract schema), as it is, with
 * one value anywhere inside replaced by a hostile one, with deep nesting spliced in, with an unknown
 * field, or any JSON at all.
 */
function bodyFor(method: MethodName, records: Record<string, string>): fc.Arbitrary<string> {
  const ids = Object.values(records);
  const valid = plausible(contract[method].input as z.ZodType, idsFor(method, records));
  const at = (value: unknown, pick: number) => {
    const paths = pathsOf(value);
    return paths[pick % paths.length] as Array<string | number>;
  };
  const marker = '__deep__';
  return fc.oneof(
    { weight: 3, arbitrary: valid.map((body) => JSON.stringify(body)) },
    { weight: 5, arbitrary: fc.tuple(valid, fc.nat(), valueFor(ids)).map(([body, pick, bad]) => JSON.stringify(replaceAt(body, at(body, pick), bad)) ?? 'null') },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, fc.nat(), deepText).map(([body, pick, deep]) => (JSON.stringify(replaceAt(body, at(body, pick), marker)) ?? '').replace(`"${marker}"`, deep)),
    },
    { weight: 1, arbitrary: fc.tuple(valid, nastyString, valueFor(ids)).map(([body, key, extra]) => JSON.stringify(typeof body === 'object' && body ? { ...body, [key]: extra } : body)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
  );
}

/** Every text column of every table, searched for characters that hide or reorder what a reader sees. */
function storedHiddenCharacters(core: Core): string[] {
  const found: string[] = [];
  const tables = core.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").all() as Array<{ name: string }>;
  for (const { name } of tables) {
    for (const row of core.sqlite.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string' && hiddenCharacters.some((c) => value.includes(c) || value.includes(JSON.stringify(c).slice(1, -1)))) found.push(`${name}.${column}`);
      }
    }
  }
  return [...new Set(found)];
}

const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 300);

describe('every API method under arbitrary input', () => {
  it('answers each call with success or a typed error, stays up, stores no hidden character, and verify holds', async () => {
    const { host, core } = await testHost();
    const records = await seed(host);
    const call = fc.constantFrom(...methodNames).chain((method) => bodyFor(method, records).map((body) => ({ method, body })));
    const seedOption = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {};
    let calls = 0;
    const counts: { ok: number; refused: number; [code: string]: number } = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(call, async ({ method, body }) => {
        const response = await callApi(host, method, body);
        const answer = (await response.json()) as Answer;
        if (answer.ok) counts.ok += 1;
        else {
          counts.refused += 1;
          counts[answer.error?.code ?? '?'] = (counts[answer.error?.code ?? '?'] ?? 0) + 1;
          expect(errorCodes, `${method}: ${answer.error?.message}`).toContain(answer.error?.code);
          expect(answer.error?.code, `${method}: ${answer.error?.message}`).not.toBe('INTERNAL');
          expect(answer.error?.message.length).toBeLessThan(5_000);
          expect(response.status).toBeLessThan(500);
        }
        // The host is still there, and answers the next call; every so often, verify holds.
        expect((await callApi(host, 'system.info', {})).status).toBe(200);
        calls += 1;
        if (calls % 25 === 0) expect((await verifyAll(core)).problems, `after ${method}`).toEqual([]);
      }),
      {
        numRuns: fuzzRuns,
        endOnFailure: true,
        ...seedOption,
        // Attacks seen in the field run first, every time.
        examples: [
          [{ method: 'templates.import', body: JSON.stringify({ text: deepJsonText(2000), fileName: 'deep.json' }) }],
          [{ method: 'templates.import', body: JSON.stringify({ text: laughs, fileName: 'laughs.yaml' }) }],
          [{ method: 'warroom.add', body: JSON.stringify({ releaseId: records.release, kind: 'note', body: { text: 'x' }, at: '1970-01-01T00:00:00.000Z' }) }],
          // A field name of 185,000 characters once came back whole in the message (CI, stop 22).
          [{ method: 'warroom.add', body: JSON.stringify({ releaseId: records.release, kind: 'note', body: { text: 'x', ['x'.repeat(185_000)]: 1 } }) }],
          [{ method: 'templates.import', body: JSON.stringify({ text: JSON.stringify({ schema: 'release-audit/checklist-template@1', ['y'.repeat(185_000)]: 1 }), fileName: 'wide.json' }) }],
        ],
      },
    );
    if (process.env.FUZZ_REPORT) console.log('fuzz answers', JSON.stringify(counts));
    expect(counts.ok + counts.refused).toBeGreaterThan(0);
    expect(storedHiddenCharacters(core)).toEqual([]);
    expect((await verifyAll(core)).problems).toEqual([]);
  }, Math.max(120_000, fuzzRuns * 100));
});
