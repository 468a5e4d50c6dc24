import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { compareApk } from './apk';
import { compareSemver, type Comparator } from './compare';
import { compareDpkg } from './dpkg';
import { compareGeneric } from './generic';
import { compareMaven } from './maven';
import { comparePep440 } from './pep440';

const sign = (n: number) => Math.sign(n) || 0;
const num = fc.integer({ min: 0, max: 30 });
const release = fc.tuple(num, num, num).map(([a, b, c]) => `${a}.${b}.${c}`);
const semverText = fc.tuple(release, fc.option(fc.constantFrom('alpha', 'alpha.1', 'beta.2', 'rc.1', '0', 'rc.10'), { nil: undefined })).map(([r, pre]) => (pre ? `${r}-${pre}` : r));

const pieces = {
  pep440: fc.tuple(fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }), fc.array(num, { minLength: 1, maxLength: 4 }), fc.constantFrom('', 'a1', 'b2', 'rc1', '.post1', '.dev3', 'a1.dev1', '.post2.dev1', '+local.1', 'rc2+abc'))
    .map(([epoch, parts, suffix]) => `${epoch ? `${epoch}!` : ''}${parts.join('.')}${suffix}`),
  maven: fc.tuple(fc.array(num, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '-SNAPSHOT', '-alpha-1', '-beta2', '-rc1', '.Final', '-sp1', '-foo', 'm3', '-1', '.0')).map(([parts, q]) => `${parts.join('.')}${q}`),
  dpkg: fc.tuple(fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), fc.array(num, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '~rc1', '~~', '+dfsg', 'a', '.1~beta'), fc.constantFrom('', '-1', '-2ubuntu1', '-0+deb12u1'))
    .map(([e, parts, up, rev]) => `${e !== undefined ? `${e}:` : ''}${parts.join('.')}${up}${rev}`),
  apk: fc.tuple(fc.array(num, { minLength: 1, maxLength: 3 }), fc.constantFrom('', 'a', 'b'), fc.constantFrom('', '_alpha', '_beta2', '_rc1', '_p3', '_git20240101'), fc.constantFrom('', '-r0', '-r5'))
    .map(([parts, letter, suffix, r]) => `${parts.join('.')}${letter}${suffix}${r}`),
  generic: fc.oneof(semverText, fc.stringMatching(/^[0-9a-z.+-]{0,12}$/)),
  semver: fc.oneof(semverText, fc.stringMatching(/^v?[0-9a-z.+-]{0,12}$/)),
};

const comparators: Array<[string, Comparator, fc.Arbitrary<string>]> = [
  ['semver', compareSemver, pieces.semver],
  ['PEP 440', comparePep440, fc.oneof(pieces.pep440, fc.string({ maxLength: 8 }))],
  ['Maven', compareMaven, pieces.maven],
  ['dpkg', compareDpkg, pieces.dpkg],
  ['apk', compareApk, fc.oneof(pieces.apk, fc.string({ maxLength: 6 }))],
  ['generic', compareGeneric, pieces.generic],
];

describe.each(comparators)('the %s order', (_name, compare, versions) => {
  it('is a total order: reflexive, antisymmetric, transitive', () => {
    fc.assert(
      fc.property(versions, versions, versions, (a, b, c) => {
        expect(compare(a, a)).toBe(0);
        expect(sign(compare(a, b)) + sign(compare(b, a))).toBe(0);
        const sorted = [a, b, c].sort(compare);
        expect(compare(sorted[0] as string, sorted[2] as string)).toBeLessThanOrEqual(0);
        if (compare(a, b) <= 0 && compare(b, c) <= 0) expect(compare(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with semver on plain X.Y.Z versions', () => {
    fc.assert(fc.property(release, release, (a, b) => { expect(sign(compare(a, b))).toBe(sign(semver.compare(a, b))); }), { numRuns: 1000 });
  });
});

describe('semver order', () => {
  it('agrees with semver on pre-releases, and reads Go versions with a v', () => {
    fc.assert(fc.property(semverText, semverText, (a, b) => { expect(sign(compareSemver(a, b))).toBe(sign(semver.compareBuild(a, b))); }));
    expect(compareSemver('v1.2.3', '1.2.4')).toBeLessThan(0);
    expect(compareSemver('v0.0.0-20230101000000-abcdef123456', 'v0.1.0')).toBeLessThan(0);
  });
});

const ascending = (compare: Comparator, list: string[]) => {
  for (let i = 1; i < list.length; i += 1) expect(compare(list[i - 1] as string, list[i] as string), `${list[i - 1]} < ${list[i]}`).toBeLessThan(0);
};

describe('each ecosystem order on its own examples', () => {
  it('PEP 440', () => {
    ascending(comparePep440, ['1.0.dev1', '1.0a1', '1.0a2.dev1', '1.0a2', '1.0b1', '1.0rc1', '1.0', '1.0+local', '1.0.post1.dev1', '1.0.post1', '1.1', '2.0', '1!0.1']);
    expect(comparePep440('1.0', '1.0.0')).toBe(0);
    expect(comparePep440('1.0RC1', '1.0rc1')).toBe(0);
    expect(comparePep440('1.0-1', '1.0.post1')).toBe(0);
  });
  it('Maven', () => {
    ascending(compareMaven, ['1.0-alpha-1', '1.0-beta-1', '1.0-milestone-1', '1.0-rc-1', '1.0-SNAPSHOT', '1.0', '1.0-sp-1', '1.0-xyz', '1.0.1', '1.1', '2.0']);
    expect(compareMaven('1.0', '1.0.0')).toBe(0);
    expect(compareMaven('1.0.Final', '1.0')).toBe(0);
    expect(compareMaven('1.0-cr1', '1.0-rc1')).toBe(0);
    expect(compareMaven('2.0.0.RELEASE', '2.0.0')).toBe(0);
  });
  it('dpkg', () => {
    ascending(compareDpkg, ['1.0~~', '1.0~rc1', '1.0', '1.0-1', '1.0-2', '1.0a', '1.0+dfsg-1', '1.1', '2.30-1', '1:0.1']);
    expect(compareDpkg('1.0-0+deb12u1', '1.0-0')).toBeGreaterThan(0);
    expect(compareDpkg('0:1.0', '1.0')).toBe(0);
    expect(compareDpkg('1.01', '1.1')).toBe(0);
  });
  it('apk', () => {
    ascending(compareApk, ['1.2.3_alpha', '1.2.3_beta2', '1.2.3_rc1', '1.2.3', '1.2.3-r1', '1.2.3_p1', '1.2.3a', '1.2.4', '1.10']);
    expect(compareApk('3.0.8-r0', '3.0.8-r0')).toBe(0);
  });
  it('generic (NuGet, RubyGems, Packagist…)', () => {
    ascending(compareGeneric, ['1.0.0-beta', '1.0.0', '1.0.1', '1.2', '1.10', '2.0.0.rc1', '2.0.0']);
  });
});
