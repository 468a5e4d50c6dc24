/**
 * Orders two versions by their parsed forms: a version that does not parse comes after every one
 * that does, and two that do not parse are ordered by their text, so the order stays total.
 */
export function byParsed<P>(a: string, b: string, parse: (text: string) => P | null, compare: (x: P, y: P) => number): number {
  const x = parse(a);
  const y = parse(b);
  if (x && y) return compare(x, y);
  if (x) return -1;
  if (y) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
