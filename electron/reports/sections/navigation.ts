import type { ReportContext } from '../document';
import { heading, SECTION, GROUP, type Content } from '../layout';

// How a reader finds their way: every section, release and finding is a bookmark in the PDF's outline,
// and every section a line of the printed contents. What the outline may show goes through
// one function, outlineEntry, so that whatever an edition withholds is left out of it in one place.

/** One place in the report a reader can go to: a section, a release under it, or a finding. */
export interface NavEntry {
  /** Unique in the report: a destination id. */
  id: string;
  title: string;
  /** The section it sits under (a bookmark nested in the outline), if any. */
  parentId?: string;
  /** What the outline says for it, if not its title (a withheld finding has no title to show). */
  outlineText?: string;
  /** Whether the printed contents list it (a section does unless told not to; what is under one never does). */
  contents?: boolean;
}

export const CONTENTS_ID = 'contents';

/**
 * The marks pdfmake needs on a heading for it to be a bookmark (and a line of the contents): the one
 * function through which every outline entry passes, so that an edition's filter applies to all of them.
 */
export function outlineEntry(entry: NavEntry, { options }: ReportContext): Record<string, unknown> {
  const marks: Record<string, unknown> = { id: entry.id, outline: true, outlineText: entry.outlineText ?? entry.title };
  if (entry.parentId) marks.outlineParentId = entry.parentId;
  // The printed contents list the sections; what is under them is in the outline. (pdfmake's contents cost
  // layout time with every line: the 120-finding report took twice as long with the releases listed too.)
  if (entry.contents !== false && !entry.parentId && options.kind === 'full') {
    marks.tocItem = CONTENTS_ID;
    marks.tocMargin = [0, 2, 0, 0];
  }
  return marks;
}

/** A section heading that is a bookmark and a line of the contents. */
export function sectionHeading(context: ReportContext, id: string, title: string): Content {
  return heading(title, SECTION, outlineEntry({ id, title }, context));
}

/** A heading inside a section (a release, say) that is a nested bookmark. */
export function groupHeading(context: ReportContext, entry: NavEntry & { parentId: string }, extra: Record<string, unknown> = {}): Content {
  return heading(entry.title, GROUP, { ...extra, ...outlineEntry(entry, context) });
}

/** The printed table of contents of a full report, with the page of each section. */
export function contents({ options }: ReportContext): Content {
  if (options.kind !== 'full') return '';
  return { toc: { id: CONTENTS_ID, title: { text: 'Contents', style: 'h2', margin: [0, 0, 0, 8] }, numberStyle: { fontSize: 10 } }, margin: [0, 0, 0, 6] };
}
