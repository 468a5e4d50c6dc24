import type { ReportContext } from '../document';
import { heading, SECTION, GROUP, type Content } from '../layout';

// How a reader finds their way: every section and finding is a bookmark in the PDF's outline, and
// every section and release a line of the printed contents. What the outline may show goes through
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
  /** Whether the printed contents list it (findings are in the outline only). */
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
  if (entry.contents !== false && options.kind === 'full') {
    marks.tocItem = CONTENTS_ID;
    marks.tocMargin = [entry.parentId ? 14 : 0, 2, 0, 0];
    if (entry.parentId) marks.tocStyle = { fontSize: 9, color: '#333333' };
  }
  return marks;
}

/** A section heading that is a bookmark and a line of the contents. */
export function sectionHeading(context: ReportContext, id: string, title: string): Content {
  return heading(title, SECTION, outlineEntry({ id, title }, context));
}

/** A heading inside a section (a release, say) that is a nested bookmark and an indented line of the contents. */
export function groupHeading(context: ReportContext, entry: NavEntry & { parentId: string }, extra: Record<string, unknown> = {}): Content {
  return heading(entry.title, GROUP, { ...extra, ...outlineEntry(entry, context) });
}

/** The printed table of contents of a full report, with the page of each section. */
export function contents({ options }: ReportContext): Content {
  if (options.kind !== 'full') return '';
  return { toc: { id: CONTENTS_ID, title: { text: 'Contents', style: 'h2', margin: [0, 0, 0, 8] }, numberStyle: { fontSize: 10 } }, margin: [0, 0, 0, 6] };
}
