import { formatDate, formatInZone } from '../../shared/time';

// Layout rules every report section follows, so the pages read like a report: a heading is never the
// last thing on a page, a table row never splits across pages and its header repeats and stays with
// its first row, and a time is one unbreakable value in one form, with its zone.

export type Content = string | { [key: string]: unknown } | Content[];

/** Heading levels: a section (h2), a group within it (h3), one finding's title. */
export const SECTION = 1;
export const GROUP = 2;
export const ITEM = 3;

/** Room (points) the first lines under a heading need on its page: about three lines of text, or a table's header and first row. */
const FIRST_LINES = 45;
const FIRST_ROW = 80;

/** The style of the running header and footer, whose nodes pdfmake lists after all the content. */
export const RUNNING = 'running';

interface NodeInfo {
  headlineLevel?: number;
  style?: unknown;
  stack?: boolean;
  columns?: unknown;
  table?: unknown;
  startPosition: { pageInnerHeight: number; verticalRatio: number };
}

interface Nodes {
  getFollowingNodesOnPage(): NodeInfo[];
  getNodesOnNextPage(): NodeInfo[];
}

/**
 * pdfmake's pageBreakBefore: a heading moves to the next page unless what it heads starts on its page
 * with room for its first lines. Headings in a row (a section, its first group, its first finding) look
 * past one another to the same content, so they decide alike and move together: pdfmake asks about each
 * node only once, so a heading left behind by the one after it would never be asked again.
 */
export function keepHeadingsWithContent(node: NodeInfo, nodes: Nodes): boolean {
  if (node.headlineLevel === undefined || nodes.getNodesOnNextPage().length === 0) return false;
  // The first thing after it that is neither a heading, a mere container of other nodes, nor the page's header or footer.
  const content = nodes.getFollowingNodesOnPage().find((n) => n.headlineLevel === undefined && !n.stack && n.columns === undefined && n.style !== RUNNING);
  if (!content) return true;
  // (A table that did not fit reports where it would have started, so its room is asked for up front.)
  return content.startPosition.pageInnerHeight * (1 - content.startPosition.verticalRatio) < (content.table === undefined ? FIRST_LINES : FIRST_ROW);
}

export function heading(text: string, level: typeof SECTION | typeof GROUP, extra: Record<string, unknown> = {}): Content {
  return { text, style: level === SECTION ? 'h2' : 'h3', headlineLevel: level, ...extra };
}

/** A table whose header repeats on every page and stays with its first row, and whose rows never split. */
export function table(widths: Array<number | string>, header: string[] | null, rows: Content[][], layout = 'lightHorizontalLines'): Content {
  const head = header ? [header.map((h) => ({ text: h, style: 'th' }))] : [];
  return {
    table: { headerRows: head.length, keepWithHeaderRows: head.length ? 1 : 0, dontBreakRows: true, widths, body: [...head, ...rows] },
    layout,
  };
}

/** Without the parts that are not there: an empty string in a stack would still take a line. */
export function present(items: Content[]): Content[] {
  return items.filter((item) => item !== '' && !(Array.isArray(item) && item.length === 0));
}

/** Times and dates in a report: the one form the screens use, with the zone, never wrapped inside. */
export class ReportClock {
  constructor(readonly timeZone: string) {}

  text(iso: string): string {
    return formatInZone(iso, this.timeZone);
  }

  /** An inline piece of text that a line never breaks inside. */
  at(iso: string, extra: Record<string, unknown> = {}): Content {
    return { text: this.text(iso), noWrap: true, ...extra };
  }

  date(date: string | null, missing = '—'): Content {
    return date ? { text: formatDate(date), noWrap: true } : missing;
  }
}

/** Roughly how many lines a piece of content takes: each text at least one, a long one one per ~60 characters. */
function roughLines(content: unknown): number {
  if (typeof content === 'string') return Math.max(1, Math.ceil(content.length / 60));
  if (Array.isArray(content)) return content.reduce((n: number, c) => n + roughLines(c), 0);
  if (!content || typeof content !== 'object') return 0;
  const node = content as Record<string, unknown>;
  if (typeof node.text === 'string') return roughLines(node.text);
  if (Array.isArray(node.text)) return Math.max(1, Math.ceil(JSON.stringify(node.text).replace(/"[a-zA-Z]+":|[{}[\]",]/g, '').length / 60));
  return ['stack', 'ul', 'ol', 'table', 'body'].reduce((n, key) => n + (key in node ? roughLines(node[key]) : 0), 0);
}

/** What the first lines of a long part can be cut from: a list, a stack, a long text. Tables are laid out whole. */
const LEAD_ITEMS = 3;
const LEAD_CHARS = 600;

/** A long text cut after a sentence (or at least a word) at most `limit` characters in. */
export function splitAfterSentence(text: string, limit: number): [string, string] {
  if (text.length <= limit) return [text, ''];
  const window = text.slice(0, limit + 1);
  const sentence = Math.max(window.lastIndexOf('. '), window.lastIndexOf('.\n'));
  const space = window.lastIndexOf(' ');
  const cut = sentence > limit / 3 ? sentence + 1 : space > limit / 3 ? space : limit;
  return [text.slice(0, cut).trimEnd(), text.slice(cut).trimStart()];
}

/**
 * The first lines of a part too long to be sure it fits a page, to go down with its heading, and the
 * rest; null when it cannot be cut (a table: its columns are measured from all of its rows).
 */
function firstLines(part: Content): [Content, Content] | null {
  if (typeof part === 'string') return firstLines({ text: part });
  if (Array.isArray(part)) return part.length > 1 ? [part.slice(0, 1), part.slice(1)] : part.length === 1 ? firstLines(part[0] as Content) : null;
  for (const key of ['ol', 'ul'] as const) {
    const items = part[key];
    if (!Array.isArray(items) || items.length <= LEAD_ITEMS) continue;
    // A numbered list goes on counting where its first items stopped.
    const start = typeof part.start === 'number' ? part.start : 1;
    return [{ ...part, [key]: items.slice(0, LEAD_ITEMS) }, { ...part, [key]: items.slice(LEAD_ITEMS), ...(key === 'ol' ? { start: start + LEAD_ITEMS } : {}), margin: [0, 0, 0, 0] }];
  }
  if (Array.isArray(part.stack) && part.stack.length > 1) return [{ ...part, stack: part.stack.slice(0, 1) }, { ...part, stack: part.stack.slice(1) }];
  if (typeof part.text === 'string' && part.text.length > LEAD_CHARS) {
    const [lead, rest] = splitAfterSentence(part.text, LEAD_CHARS);
    if (rest) return [{ ...part, text: lead }, { ...part, text: rest, margin: [0, 2, 0, 0] }];
  }
  return null;
}

/**
 * Headings with what they head, in one unbreakable block when that is short enough to be sure it fits
 * a page (about 30 lines); a longer part gives the block its first lines (list items, a stack's first
 * part, a text's first sentences) and follows it. pdfmake lays the whole document out again each time a
 * heading left to keepHeadingsWithContent has to move, so a report of many parts would otherwise be laid
 * out dozens of times; only a heading over a long table is still left to it.
 */
function withHeadings(heads: Content[], part: Content): Content[] {
  const plain = heads.map((h) => ({ ...(h as Record<string, unknown>), headlineLevel: undefined }));
  // Already kept together (a release's heading with its facts, say): the headings above join it.
  if (typeof part === 'object' && !Array.isArray(part) && part.unbreakable === true && Array.isArray(part.stack)) return [{ ...part, stack: [...plain, ...(part.stack as Content[])] }];
  if (roughLines(part) <= 30) return [{ unbreakable: true, stack: present([...plain, part]) }];
  const cut = firstLines(part);
  if (!cut || roughLines(cut[0]) > 30) return [...heads, part];
  return [{ unbreakable: true, stack: present([...plain, cut[0]]) }, cut[1]];
}

/** A heading with what it heads (see withHeadings). */
export function headed(head: Content, body: Content): Content[] {
  if (typeof head !== 'object' || Array.isArray(head)) return present([head, body]);
  return withHeadings([head], body);
}

/** The same for a list of parts: each run of headings goes down with the part after it. */
export function keepHeadings(items: Content[]): Content[] {
  const out: Content[] = [];
  let heads: Content[] = [];
  const isHeading = (c: Content) => typeof c === 'object' && !Array.isArray(c) && c.headlineLevel !== undefined;
  for (const item of present(items)) {
    if (isHeading(item)) {
      heads.push(item);
      continue;
    }
    out.push(...(heads.length === 0 ? [item] : withHeadings(heads, item)));
    heads = [];
  }
  return [...out, ...heads];
}

/** The parts of a document as one list: a plain array in pdfmake's content is a stack with no style of its own. */
export function flatten(content: Content[]): Content[] {
  return content.flatMap((c) => (Array.isArray(c) ? flatten(c) : [c]));
}
