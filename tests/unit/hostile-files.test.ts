import { describe, expect, it } from 'vitest';
import { verifyAll } from '../../electron/system/verify';
import { jsonDepth, yamlShape } from '../../electron/common/bounded-parse';
import { callApi, testHost } from '../helpers/host';

// Files and bodies built to exhaust the parser: each is refused in plain words through the real
// host, which keeps answering, and nothing is written.

type Answer = { ok: boolean; error?: { code: string; message: string } };

const deepJson = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const billionLaughs = [
  'schema: release-audit/checklist-template@1',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  'name: Laughs',
  'items: []',
].join('\n');

const hostile: Array<[string, string, string, RegExp]> = [
  ['JSON nested 2,000 deep (about 24 KB)', 'deep.json', deepJson(2000), /nests deeper than 100 levels/],
  ['JSON nested 200,000 deep', 'deep.json', deepJson(200_000), /nests deeper than 100 levels/],
  ['JSON-in-YAML nested 2,000 deep', 'deep.yaml', deepJson(2000), /nests deeper than 100 levels/],
  ['YAML flow lists nested 5,000 deep', 'deep.yaml', `${'['.repeat(5000)}${']'.repeat(5000)}`, /nests deeper than 100 levels/],
  ['YAML block lists nested 3,000 deep', 'deep.yaml', `${'- '.repeat(3000)}x\n`, /nests deeper than 100 levels/],
  ['YAML block maps nested 1,000 deep', 'deep.yaml', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), /nests deeper than 100 levels/],
  ['a billion laughs', 'laughs.yaml', billionLaughs, /aliases/],
  ['a thousand aliases of one anchor', 'aliases.yaml', `a: &a x\nb: [${Array(1000).fill('*a').join(',')}]\n`, /more than 100 aliases/],
];

describe('hostile template files', () => {
  it('measures depth without recursion, however deep', () => {
    expect(jsonDepth(deepJson(1_000_000), Infinity)).toBe(1_000_000);
    expect(jsonDepth('{"a":"{{{{[[[["}')).toBe(1);
    expect(yamlShape(`${'- '.repeat(100_000)}x`, Infinity).depth).toBe(100_000);
  });

  it.each(hostile)('refuses %s with a typed error, stays up, writes nothing', async (_label, fileName, text, message) => {
    const { host, core } = await testHost();
    const before = core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get();
    const response = await callApi(host, 'templates.import', { text, fileName });
    const body = (await response.json()) as Answer;
    expect(response.status).toBe(400);
    expect(body.error?.code).toBe('VALIDATION');
    expect(body.error?.message).toMatch(message);
    expect(body.error?.message).toMatch(/Nothing was imported/);
    expect((await callApi(host, 'audits.list', {})).status).toBe(200);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual(before);
    expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('refuses a request body nested deeper than any method takes', async () => {
    const { host } = await testHost();
    for (const [method, input] of [
      ['warroom.add', `{"releaseId":"01900000-0000-7000-8000-000000000000","kind":"note","body":${deepJson(5000)}}`],
      ['audits.create', `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`],
    ] as const) {
      const response = await callApi(host, method, input);
      const body = (await response.json()) as Answer;
      expect(response.status, method).toBe(400);
      expect(body.error?.message).toMatch(/nests deeper than 100 levels/);
    }
  });

  it('refuses a body with an object of half a million fields, or a list of 20,000 items, before any schema looks at them', async () => {
    const { host } = await testHost();
    const fields = Array.from({ length: 500_000 }, (_, i) => `"k${i}":1`).join(',');
    const response = await callApi(host, 'warroom.add', `{"releaseId":"01900000-0000-7000-8000-000000000000","kind":"note","body":{${fields}}}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as Answer).error?.message).toMatch(/an object has more than 1,000 fields/);
    const steps = Array(20_000).fill('{"title":"x","parameters":{}}').join(',');
    const many = await callApi(host, 'releases.saveRunbook', `{"releaseId":"01900000-0000-7000-8000-000000000000","steps":[${steps}]}`);
    expect(((await many.json()) as Answer).error?.message).toMatch(/a list holds more than 10,000 items/);
  });

  it('refuses control and text-direction characters in a template file, as the screens do', async () => {
    const { host } = await testHost();
    const file = (name: string) => `schema: release-audit/checklist-template@1\nname: "${name}"\nitems:\n  - {key: a, stage: build, kind: custom, title: T}\n`;
    for (const name of ['Q4 \\u202e fdp.exe', 'Nul \\0 here']) {
      const body = (await (await callApi(host, 'templates.import', { text: file(name), fileName: 't.yaml' })).json()) as Answer;
      expect(body.error?.code, name).toBe('VALIDATION');
      expect(body.error?.message).toMatch(/control or text-direction characters/);
    }
    expect((await callApi(host, 'templates.import', { text: file('Fine'), fileName: 't.yaml' })).status).toBe(200);
  });
});
