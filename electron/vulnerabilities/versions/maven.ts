// Maven's version order (ComparableVersion): items split at dots, dashes and digit/letter changes;
// numbers compare as numbers; the known qualifiers order alpha < beta < milestone < rc < snapshot
// < release < sp, and other qualifiers come after them by text. Trailing zero items do not count.

type Item = { kind: 'number'; value: bigint } | { kind: 'text'; value: string } | { kind: 'list'; items: Item[] };

const qualifiers = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const aliases: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };

function qualifierRank(text: string): string {
  const name = aliases[text] ?? text;
  const index = qualifiers.indexOf(name);
  return index >= 0 ? String(index) : `${qualifiers.length}-${name}`;
}

function textItem(raw: string, followedByDigit: boolean): Item {
  let value = raw.toLowerCase();
  if (followedByDigit && value.length === 1) value = ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[value] ?? value;
  return { kind: 'text', value: aliases[value] ?? value };
}

const isNull = (item: Item): boolean =>
  item.kind === 'number' ? item.value === 0n : item.kind === 'text' ? item.value === '' : item.items.length === 0;

function normalise(items: Item[]): Item[] {
  while (items.length > 0 && isNull(items[items.length - 1] as Item)) items.pop();
  return items;
}

/** Parses a version into Maven's nested list of items. */
export function parseMaven(version: string): Item[] {
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  const text = version.trim().toLowerCase();
  let start = 0;
  let digits = false;
  const push = (end: number, nextIsDigit: boolean) => {
    const token = text.slice(start, end);
    if (token === '') list.push({ kind: 'number', value: 0n });
    else if (digits) list.push({ kind: 'number', value: BigInt(token) });
    else list.push(textItem(token, nextIsDigit));
  };
  for (let i = 0; i <= text.length; i += 1) {
    const c = text[i];
    if (c === undefined || c === '.' || c === '-') {
      push(i, /\d/.test(text[i + 1] ?? ''));
      if (c === '-') {
        normalise(list);
        const child: Item[] = [];
        list.push({ kind: 'list', items: child });
        stack.push(child);
        list = child;
      }
      start = i + 1;
      digits = /\d/.test(text[i + 1] ?? '');
      continue;
    }
    const isDigit = c >= '0' && c <= '9';
    if (i > start && isDigit !== digits) {
      push(i, isDigit);
      if (isDigit) {
        const child: Item[] = [];
        list.push({ kind: 'list', items: child });
        stack.push(child);
        list = child;
      }
      start = i;
    }
    if (i === start) digits = isDigit;
  }
  for (const level of stack) normalise(level);
  return normalise(root);
}

function compareItem(a: Item | undefined, b: Item | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return -compareItem(b, undefined);
  if (a.kind === 'number') {
    if (b === undefined) return a.value === 0n ? 0 : 1;
    if (b.kind === 'number') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    return 1; // a number is newer than a qualifier or a list
  }
  if (a.kind === 'text') {
    if (b === undefined) return compareText(a.value, '');
    if (b.kind === 'text') return compareText(a.value, b.value);
    return -1; // a qualifier is older than a number or a list
  }
  if (b === undefined) return a.items.length === 0 ? 0 : compareItem(a.items[0], undefined);
  if (b.kind === 'number') return -1;
  if (b.kind === 'text') return 1;
  return compareLists(a.items, b.items);
}

function compareText(a: string, b: string): number {
  const x = qualifierRank(a);
  const y = qualifierRank(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareLists(a: Item[], b: Item[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = compareItem(a[i], b[i]);
    if (d !== 0) return d;
  }
  return 0;
}

export function compareMaven(a: string, b: string): number {
  return compareLists(parseMaven(a), parseMaven(b));
}
