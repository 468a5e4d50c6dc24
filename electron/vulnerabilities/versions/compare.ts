import semver from 'semver';
import { compareApk } from './apk';
import { compareDpkg } from './dpkg';
import { compareGeneric } from './generic';
import { compareMaven } from './maven';
import { comparePep440 } from './pep440';

// One version order per OSV ecosystem: semver for npm, crates.io and Go, PEP 440 for PyPI, Maven's
// own order, dpkg's for Debian and Ubuntu, apk's for Alpine; the others fall back to the generic
// order (numbers as numbers, a letter suffix is a pre-release), which the status says.

export type Comparator = (a: string, b: string) => number;

/** Semver ordering (a leading v allowed, as Go writes it); a version that is not semver comes after every valid one, by the generic order. */
export function compareSemver(a: string, b: string): number {
  const x = semver.parse(a.trim().replace(/^v(?=\d)/, ''), { loose: false });
  const y = semver.parse(b.trim().replace(/^v(?=\d)/, ''), { loose: false });
  if (x && y) return semver.compareBuild(x, y) || (a < b ? -1 : a > b ? 1 : 0);
  if (x) return -1;
  if (y) return 1;
  return compareGeneric(a, b);
}

const byEcosystem: Record<string, Comparator> = {
  npm: compareSemver,
  'crates.io': compareSemver,
  go: compareSemver,
  pypi: comparePep440,
  maven: compareMaven,
  debian: compareDpkg,
  ubuntu: compareDpkg,
  alpine: compareApk,
};

/** The OSV ecosystem's family: "Debian:12" → "debian", "PyPI" → "pypi". */
export const ecosystemBase = (ecosystem: string): string => (ecosystem.split(':')[0] ?? '').trim().toLowerCase();

export function comparatorFor(ecosystem: string): { compare: Comparator; exact: boolean } {
  const own = byEcosystem[ecosystemBase(ecosystem)];
  return own ? { compare: own, exact: true } : { compare: compareGeneric, exact: false };
}

/** The ecosystems with an order of their own (the rest use the generic order). */
export const orderedEcosystems = ['npm', 'crates.io', 'Go', 'PyPI', 'Maven', 'Debian', 'Ubuntu', 'Alpine'];
