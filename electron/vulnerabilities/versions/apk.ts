import { byParsed } from './parsed-order';

// Alpine's version order (apk version -t): numbers separated by dots, an optional letter, suffixes
// _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p, each with a number, then
// -rN. A version apk would call invalid is ordered after every valid one, by its text.

const pattern = /^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:~[0-9a-f]+)?(?:-r(\d+))?$/;
const suffixRank: Record<string, number> = { alpha: 0, beta: 1, pre: 2, rc: 3, cvs: 5, svn: 6, git: 7, hg: 8, p: 9 };
const NO_SUFFIX = 4;

interface Apk {
  numbers: string[];
  letter: string;
  suffixes: Array<[number, bigint]>;
  release: bigint;
}

export function parseApk(version: string): Apk | null {
  const m = pattern.exec(version.trim());
  if (!m) return null;
  const suffixes = [...(m[3] ?? '').matchAll(/_([a-z]+)(\d*)/g)].map((s): [number, bigint] => [suffixRank[s[1] as string] as number, BigInt(s[2] || 0)]);
  return { numbers: (m[1] as string).split('.'), letter: m[2] ?? '', suffixes, release: BigInt(m[4] ?? 0) };
}

const sign = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** apk compares the first number as a number and later ones as decimals when one has a leading zero. */
function compareNumber(a: string, b: string, first: boolean): number {
  if (!first && (a.startsWith('0') || b.startsWith('0'))) {
    const x = a.replace(/0+$/, '');
    const y = b.replace(/0+$/, '');
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return sign(BigInt(a), BigInt(b));
}

export function compareApk(a: string, b: string): number {
  return byParsed(a, b, parseApk, compareParsed);
}

function compareParsed(x: Apk, y: Apk): number {
  for (let i = 0; i < Math.max(x.numbers.length, y.numbers.length); i += 1) {
    const p = x.numbers[i];
    const q = y.numbers[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const d = compareNumber(p, q, i === 0);
    if (d !== 0) return d;
  }
  if (x.letter !== y.letter) return x.letter < y.letter ? -1 : 1;
  for (let i = 0; i < Math.max(x.suffixes.length, y.suffixes.length); i += 1) {
    const p = x.suffixes[i] ?? [NO_SUFFIX, 0n];
    const q = y.suffixes[i] ?? [NO_SUFFIX, 0n];
    if (p[0] !== q[0]) return p[0] < q[0] ? -1 : 1;
    const d = sign(p[1], q[1]);
    if (d !== 0) return d;
  }
  return sign(x.release, y.release);
}
