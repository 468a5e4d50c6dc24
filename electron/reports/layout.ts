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
