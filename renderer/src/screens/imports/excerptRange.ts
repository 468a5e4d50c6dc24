import { EXCERPT_MAX_LINES } from '../../../../shared/api/import-methods';

// Which lines of a file prove a fact on screen: the fact's own, with a few lines around them.

export const EXCERPT_CONTEXT = 3;

/** The lines to ask for: the fact's, with context, never more than the API gives at once. */
export function excerptRange(lineFrom: number, lineTo: number): { from: number; to: number } {
  const from = Math.max(1, lineFrom - EXCERPT_CONTEXT);
  return { from, to: Math.min(lineTo + EXCERPT_CONTEXT, from + EXCERPT_MAX_LINES - 1) };
}
