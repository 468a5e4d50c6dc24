import { describe, expect, it } from 'vitest';
import { cvss3BaseScore, ratingOf, severityWord } from './cvss';
import { readOsvRecord, type OsvAffected } from './osv-record';
import { fixedVersions, isAffected } from './ranges';

const entry = (ecosystem: string, ranges: OsvAffected['ranges'], versions: string[] = []): OsvAffected => ({ ecosystem, name: 'p', purl: null, ranges, versions, severity: [] });
const affected = (e: OsvAffected, version: string) => isAffected(version, e).affected;

describe('OSV range events', () => {
  it('introduced 0 with fixed: everything before the fix', () => {
    const e = entry('npm', [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }]);
    expect(affected(e, '0.0.1')).toBe(true);
    expect(affected(e, '4.17.20')).toBe(true);
    expect(affected(e, '4.17.21-rc.1')).toBe(true);
    expect(affected(e, '4.17.21')).toBe(false);
    expect(affected(e, '5.0.0')).toBe(false);
    expect(fixedVersions(e)).toEqual(['4.17.21']);
  });

  it('last_affected includes that version and nothing after it', () => {
    const e = entry('PyPI', [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { last_affected: '1.4.2' }] }]);
    expect(affected(e, '0.9')).toBe(false);
    expect(affected(e, '1.0.0')).toBe(true);
    expect(affected(e, '1.4.2')).toBe(true);
    expect(affected(e, '1.4.2.post1')).toBe(false);
    expect(affected(e, '1.4.3rc1')).toBe(false);
    expect(fixedVersions(e)).toEqual([]);
  });

  it('limit bounds the range even with no fix', () => {
    const e = entry('Maven', [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0' }, { limit: '2.5' }] }]);
    expect(affected(e, '2.4.9')).toBe(true);
    expect(affected(e, '2.5')).toBe(false);
    expect(affected(e, '3.0')).toBe(false);
    expect(affected(entry('Maven', [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0' }, { limit: '*' }] }]), '9.9')).toBe(true);
  });

  it('several ranges and re-introductions, out of order in the file', () => {
    const e = entry('Debian:12', [
      { type: 'ECOSYSTEM', events: [{ fixed: '1.2-3' }, { introduced: '0' }, { fixed: '2.5-1' }, { introduced: '2.0-1' }] },
      { type: 'ECOSYSTEM', events: [{ introduced: '3.0~rc1' }, { fixed: '3.0-2' }] },
    ]);
    expect(affected(e, '1.1-9')).toBe(true);
    expect(affected(e, '1.2-3')).toBe(false);
    expect(affected(e, '1.9')).toBe(false);
    expect(affected(e, '2.4-1')).toBe(true);
    expect(affected(e, '2.5-1')).toBe(false);
    expect(affected(e, '3.0~rc1')).toBe(true);
    expect(affected(e, '3.0-1')).toBe(true);
    expect(affected(e, '3.0-2')).toBe(false);
    expect(fixedVersions(e)).toEqual(['1.2-3', '2.5-1', '3.0-2']);
  });

  it('versions[] lists, GIT ranges (commits) never match a package version, Go versions with a v', () => {
    const listed = entry('RubyGems', [{ type: 'GIT', events: [{ introduced: '0' }, { fixed: 'abc123' }] }], ['1.2.3', '1.2.4']);
    expect(isAffected('1.2.4', listed)).toEqual({ affected: true, how: 'versions', exactOrder: false });
    expect(affected(listed, '1.2.5')).toBe(false);
    const go = entry('Go', [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.8.1' }] }]);
    expect(affected(go, 'v1.8.0')).toBe(true);
    expect(affected(go, 'v1.8.1')).toBe(false);
    expect(isAffected('v1.8.0', go).exactOrder).toBe(true);
  });

  it('a record is checked field by field: an event with two keys, a range with no introduced, a missing id are named', () => {
    const good = { id: 'X-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] };
    expect(readOsvRecord(good).affected[0]?.ranges[0]?.events).toEqual([{ introduced: '0' }]);
    expect(() => readOsvRecord({ ...good, id: undefined })).toThrow('it has no id');
    expect(() => readOsvRecord({ ...good, affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1' }] }] }] })).toThrow(/exactly one of/);
    expect(() => readOsvRecord({ ...good, affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ fixed: '1' }] }] }] })).toThrow(/no introduced event/);
    expect(() => readOsvRecord({ ...good, affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVERISH', events: [{ introduced: '0' }] }] }] })).toThrow(/not SEMVER, ECOSYSTEM or GIT/);
  });
});

describe('CVSS v3 base score', () => {
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
    ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H', 9.1],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 5.5],
    ['CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
    ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:N', 0],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O', 9.8],
  ])('%s scores %s', (vector, score) => {
    expect(cvss3BaseScore(vector)?.score).toBe(score);
  });

  it('refuses what is not a whole v3 vector, and rates scores as the specification does', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H')).toBeNull();
    expect(cvss3BaseScore('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBeNull();
    expect(cvss3BaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toBeNull();
    expect(cvss3BaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBeNull();
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(ratingOf)).toEqual(['none', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
    expect(severityWord('MODERATE')).toBe('medium');
    expect(severityWord('whatever')).toBeNull();
  });
});
