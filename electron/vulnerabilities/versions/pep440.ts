import { byParsed } from './parsed-order';

// PEP 440 ordering for PyPI versions: epoch, release numbers (trailing zeros ignored), pre-releases
// (a < b < rc), post-releases and dev releases, then the local label. A version that is not PEP 440
// is ordered after every valid one, by its text, so the order stays total.

const pattern =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(?:post|rev|r)[-_.]?(\d*))?(?:[-_.]?(dev)[-_.]?(\d*))?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/;

interface Pep440 {
  epoch: number;
  release: number[];
  /** Pre-release phase (0 a, 1 b, 2 rc) and number, or null. */
  pre: [number, number] | null;
  post: number | null;
  dev: number | null;
  local: Array<number | string>;
}

const phase: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

export function parsePep440(text: string): Pep440 | null {
  const m = pattern.exec(text.trim().toLowerCase());
  if (!m) return null;
  const release = (m[2] as string).split('.').map(Number);
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const postText = m[5] ?? m[6];
  const hasPost = m[5] !== undefined || /(?:post|rev|r)\d*$/.test(text.toLowerCase().replace(/(?:[-_.]?dev[-_.]?\d*)?(?:\+.*)?$/, ''));
  return {
    epoch: m[1] ? Number(m[1]) : 0,
    release,
    pre: m[3] ? [phase[m[3]] as number, Number(m[4] || 0)] : null,
    post: hasPost ? Number(postText || 0) : null,
    dev: m[7] ? Number(m[8] || 0) : null,
    local: m[9] ? m[9].split(/[-_.]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part)) : [],
  };
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

function compareLists(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return sign(d);
  }
  return 0;
}

/** The key of the pre/post/dev part: a dev release of a final comes before its pre-releases. */
function suffixKey(v: Pep440): number[] {
  // [pre phase (dev-only before all, none after all), pre number, post (none lowest), dev (none highest)]
  const pre = v.pre ?? (v.post === null && v.dev !== null ? [-1, 0] : [3, 0]);
  const post = v.post === null ? -1 : v.post;
  const dev = v.dev === null ? Number.MAX_SAFE_INTEGER : v.dev;
  return [pre[0], pre[1], post, dev];
}

function compareLocal(a: Array<number | string>, b: Array<number | string>): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return sign(x - y);
    } else if (typeof x === 'number') return 1;
    else if (typeof y === 'number') return -1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function comparePep440(a: string, b: string): number {
  return byParsed(a, b, parsePep440, (x, y) => sign(x.epoch - y.epoch) || compareLists(x.release, y.release) || compareLists(suffixKey(x), suffixKey(y)) || compareLocal(x.local, y.local));
}
