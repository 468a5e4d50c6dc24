import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffTrees } from './diff';
import { compareConfigs, describeDifference } from './parity';
import { MASK, defaultIgnores, impactOf, pathMatcher } from './policy';
import { NodeBudget, fromValue } from './tree';

const tree = (value: unknown) => fromValue(value, 1, new NodeBudget('test'));
const file = (name: string, text: string) => ({ name, bytes: Buffer.from(text) });

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 4 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 3 }),
  map: fc.dictionary(fc.constantFrom('name', 'id', 'image', 'a', 'b', 'host', 'tls', 'password'), tie('value'), { maxKeys: 4 }),
})).value;

describe('structural diff (properties)', () => {
  it('a tree against itself differs nowhere', () => {
    fc.assert(fc.property(json, (v) => diffTrees(tree(v), tree(v)).length === 0));
  });
  it('is symmetric: the same paths, added and removed swapped, values swapped', () => {
    const swap = { added: 'removed', removed: 'added', changed: 'changed', 'type-changed': 'type-changed' } as const;
    fc.assert(
      fc.property(json, json, (x, y) => {
        const ab = diffTrees(tree(x), tree(y)).map((d) => `${d.path}|${d.change}|${JSON.stringify(d.a && d.a.type === 'scalar' ? d.a.value : d.a?.type)}|${JSON.stringify(d.b && d.b.type === 'scalar' ? d.b.value : d.b?.type)}`).sort();
        const ba = diffTrees(tree(y), tree(x)).map((d) => `${d.path}|${swap[d.change]}|${JSON.stringify(d.b && d.b.type === 'scalar' ? d.b.value : d.b?.type)}|${JSON.stringify(d.a && d.a.type === 'scalar' ? d.a.value : d.a?.type)}`).sort();
        expect(ab).toEqual(ba);
      }),
    );
  });
  it('applying an ignore list never adds differences, and only marks', () => {
    fc.assert(
      fc.property(json, json, fc.array(fc.constantFrom('**.a', '*.b', 'host', '**.replicas', 'name', '**'), { maxLength: 3 }), (x, y, ignores) => {
        const raw = diffTrees(tree(x), tree(y));
        const plain = raw.map((d) => describeDifference(d, []));
        const ignored = raw.map((d) => describeDifference(d, ignores));
        expect(ignored.map((d) => d.path)).toEqual(plain.map((d) => d.path));
        expect(ignored.filter((d) => !d.ignored).length).toBeLessThanOrEqual(plain.length);
        expect(plain.every((d) => !d.ignored)).toBe(true);
      }),
    );
  });
});

describe('paths', () => {
  it('matches list items by name where every item has one, else by index', () => {
    const a = tree({ spec: { containers: [{ name: 'api', image: 'api:1' }, { name: 'side', image: 's:1' }], args: ['x', 'y'] } });
    const b = tree({ spec: { containers: [{ name: 'side', image: 's:1' }, { name: 'api', image: 'api:2' }], args: ['x', 'z'] } });
    expect(diffTrees(a, b).map((d) => [d.path, d.change])).toEqual([
      ['spec.containers[name=api].image', 'changed'],
      ['spec.args[1]', 'changed'],
    ]);
  });
  it('says added, removed and type-changed, and quotes keys that are not plain words', () => {
    const diffs = diffTrees(tree({ a: 1, b: '80', metadata: { annotations: { 'app.kubernetes.io/name': 'x' } } }), tree({ b: 80, c: { d: 1 }, metadata: { annotations: {} } }));
    expect(diffs.map((d) => [d.path, d.change])).toEqual([
      ['a', 'removed'],
      ['b', 'type-changed'],
      ['metadata.annotations["app.kubernetes.io/name"]', 'removed'],
      ['c', 'added'],
    ]);
  });
});

describe('ignore patterns', () => {
  it('* stays in one segment, ** crosses segments and matches the root, a bare name is a key anywhere', () => {
    expect(pathMatcher('*.host')('db.host')).toBe(true);
    expect(pathMatcher('*.host')('a.db.host')).toBe(false);
    expect(pathMatcher('**.replicas')('replicas')).toBe(true);
    expect(pathMatcher('**.replicas')('spec.template.replicas')).toBe(true);
    expect(pathMatcher('**.image')('spec.containers[name=api].image')).toBe(true);
    expect(pathMatcher('DB_PASSWORD')('env[name=DB_PASSWORD]')).toBe(true);
    expect(pathMatcher('DB_PASSWORD')('DB_PASSWORD')).toBe(true);
    expect(pathMatcher('spec.containers[*].image')('spec.containers[name=api].image')).toBe(true);
  });
  it('the shipped list ignores hosts, URLs and replica counts', () => {
    const ignored = (path: string) => defaultIgnores.some((p) => pathMatcher(p)(path));
    expect(['DB_HOST', 'database.host', 'api.baseUrl', 'SERVICE_URL', 'replicaCount', 'spec.replicas'].every(ignored)).toBe(true);
    expect(['image.tag', 'hostNetwork', 'resources.limits.cpu'].some(ignored)).toBe(false);
  });
});

describe('impact and masking', () => {
  it('classifies security, image, version, resources and feature flags, with the reason', () => {
    const of = (path: string) => impactOf(path, null, null).impact;
    expect(of('spec.template.spec.containers[name=api].securityContext.privileged')).toBe('security');
    expect(of('ingress.tls.enabled')).toBe('security');
    expect(of('cors.allowedOrigins')).toBe('security');
    expect(of('DEBUG')).toBe('security');
    expect(of('image.tag')).toBe('image');
    expect(of('appVersion')).toBe('version');
    expect(of('resources.limits.memory')).toBe('resources');
    expect(of('features.newCheckout')).toBe('feature-flag');
    expect(of('FEATURE_NEW_CHECKOUT')).toBe('feature-flag');
    expect(of('logLevel')).toBe('none');
    expect(impactOf('securityContext', null, tree({ privileged: true })).reason).toMatch(/security setting/);
    expect(impactOf('x', tree('repo/app@sha256:0123456789abcdef0123'), tree('repo/app@sha256:fedcba98765432100123')).impact).toBe('image');
  });
  it('never shows the value of a key that looks like a secret', () => {
    const result = compareConfigs(
      file('a.env', 'DB_PASSWORD=hunter2\nAPI_TOKEN=abc\nLOG=info\n'),
      file('b.env', 'DB_PASSWORD=correct-horse\nAPI_TOKEN=xyz\nLOG=debug\n'),
      [],
    );
    expect(JSON.stringify(result)).not.toMatch(/hunter2|correct-horse|abc|xyz/);
    expect(result.differences.filter((d) => d.secret).map((d) => [d.path, d.a, d.b])).toEqual([
      ['DB_PASSWORD', MASK, MASK],
      ['API_TOKEN', MASK, MASK],
    ]);
  });
  it('masks secrets inside a subtree shown whole, Kubernetes env pairs included', () => {
    const result = compareConfigs(file('a.yaml', 'env: []\n'), file('b.yaml', 'env:\n  - name: DB_PASSWORD\n    value: s3cr3t\n  - name: MODE\n    value: fast\n'), []);
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
    expect(JSON.stringify(result)).toContain('fast');
  });
});
