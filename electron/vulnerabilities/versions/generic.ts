// The fallback order for ecosystems without a comparator of their own (NuGet, RubyGems, Packagist,
// Hex, Pub…): runs of digits compare as numbers, runs of letters as text, and a version whose
// first letters come right after a number (1.0.0-beta, 1.0rc1) is a pre-release, older than the
// same numbers alone. Missing numbers read as zeros (1.0 sorts with 1.0.0).

type Token = bigint | string;

function tokens(version: string): Token[] {
  const out: Token[] = [];
  for (const m of version.trim().toLowerCase().replace(/^v(?=\d)/, '').matchAll(/\d+|[a-z]+/g)) out.push(/^\d/.test(m[0]) ? BigInt(m[0]) : m[0]);
  return out;
}

/** Numbers come after text at the same place (1.0.1 > 1.0.rc1); a version that has ended reads as zeros (1.0 = 1.0.0 > 1.0.0-beta). */
function rank(token: Token): number {
  return typeof token === 'string' ? 0 : 1;
}

export function compareGeneric(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const p = x[i] ?? 0n;
    const q = y[i] ?? 0n;
    const r = rank(p) - rank(q);
    if (r !== 0) return r < 0 ? -1 : 1;
    if (typeof p === 'bigint' && typeof q === 'bigint') {
      if (p !== q) return p < q ? -1 : 1;
    } else if (p !== q) return (p as string) < (q as string) ? -1 : 1;
  }
  // Same tokens, different text (1.0 and 1-0): the text breaks the tie, so the order stays total.
  const s = a.trim();
  const t = b.trim();
  return s < t ? -1 : s > t ? 1 : 0;
}
