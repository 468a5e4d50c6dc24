import type { Snippet } from '../../shared/api/search';

// Text going into the index and snippets coming out. Snippets are marked with two Unicode
// noncharacters (never interchanged text, and removed from what is indexed), then split into plain
// text and the ranges to highlight, so no markup ever reaches a screen or a terminal.

export const MARK_OPEN = '\uFDD0';
export const MARK_CLOSE = '\uFDD1';
export const ELLIPSIS = '…';

/** Longest stretch of one line kept in the index (a minified file's line is cut). */
export const MAX_LINE_CHARS = 4000;

// eslint-disable-next-line no-control-regex -- terminal colour codes are what is removed
const ansi = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex -- control characters are what is removed
const controls = /[\u0000-\u0008\u000a-\u001f\u007f\uFDD0\uFDD1]/g;

/** An audit's id as the index holds it: one token (the migration's triggers write it the same way). */
export const auditToken = (auditId: string): string => auditId.replace(/-/g, '');

/** A line or file text as the index keeps it: colour codes gone, control characters as spaces. */
export function indexableText(text: string, max: number): string {
  const cleaned = text.replace(ansi, '').replace(controls, ' ');
  return cleaned.length > max ? cleaned.slice(0, max) : cleaned;
}

/** Splits FTS5 snippet() output into its text (white space run together, on one line) and the marked ranges. */
export function parseSnippet(marked: string): Snippet {
  let text = '';
  const marks: Array<[number, number]> = [];
  let inMark = false;
  let open: number | null = null;
  let space = false;
  for (const char of marked) {
    if (char === MARK_OPEN) inMark = true;
    else if (char === MARK_CLOSE) {
      if (open !== null) marks.push([open, text.length]);
      inMark = false;
      open = null;
    } else if (/\s/.test(char)) space = text.length > 0;
    else {
      if (space) text += ' ';
      space = false;
      if (inMark && open === null) open = text.length;
      text += char;
    }
  }
  return { text, marks };
}
