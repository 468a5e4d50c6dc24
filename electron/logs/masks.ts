import { WILDCARD } from './drain';

// Masks run over a message before it is mined, so values that change on every line (numbers, ids,
// addresses, times) become <*> and lines of one kind fall into one group. The app's own masks serve
// deployment logs; each loghub format brings the masks its benchmark gave Drain (formats.ts).

export interface Mask {
  name: string;
  pattern: RegExp;
  /** A character every match holds: a line without it skips the regex (most lines lack most). */
  hint?: string;
}

const hex = '[0-9A-Fa-f]';

/** The app's masks, most specific first (a UUID before its hex parts, a time before an IPv6 guess). */
export const defaultMasks: Mask[] = [
  { name: 'uuid', hint: '-', pattern: new RegExp(`\\b${hex}{8}-${hex}{4}-${hex}{4}-${hex}{4}-${hex}{12}\\b`, 'g') },
  { name: 'iso-time', hint: '-', pattern: /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\w:])/g },
  { name: 'date', pattern: /\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4})\b/g },
  { name: 'time', hint: ':', pattern: /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g },
  { name: 'ipv4', hint: '.', pattern: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.])/g },
  { name: 'ipv6-bracketed', hint: '[', pattern: /\[(?=[0-9A-Fa-f:.]*:)[0-9A-Fa-f:.]+(?:%\w+)?\](?::\d{1,5})?/g },
  // Two colons at least, hex groups of up to four between them ("::1", "fe80::1ff:fe23:4567:890a").
  { name: 'ipv6', hint: ':', pattern: new RegExp(`(?<![\\w:.])(?:${hex}{1,4}:|:)(?:${hex}{0,4}:){1,6}${hex}{0,4}(?:%\\w+)?(?![\\w:])`, 'g') },
  { name: 'hex', pattern: new RegExp(`\\b(?:0[xX]${hex}+|(?=${hex}*\\d)(?=${hex}*[A-Fa-f])${hex}{8,})\\b`, 'g') },
  { name: 'path', hint: '/', pattern: /(?<![\w<>*])(?:\/[\w.@+-]+){2,}\/?/g },
  { name: 'number', pattern: /(?<![\w.<>*-])[-+]?\d+(?:\.\d+)?(?![\w.])/g },
];

/** Masks from pattern texts (the loghub benchmark's Python regexes are valid JavaScript ones here). */
export function masksFrom(patterns: readonly string[]): Mask[] {
  return patterns.map((source, i) => ({ name: `mask-${i + 1}`, pattern: new RegExp(source, 'g') }));
}

export function applyMasks(text: string, masks: readonly Mask[]): string {
  let out = text;
  for (const mask of masks) if (mask.hint === undefined || out.includes(mask.hint)) out = out.replace(mask.pattern, WILDCARD);
  return out;
}

/** A masked message as tokens: split on runs of white space, as Drain does. */
export function tokenize(masked: string): string[] {
  const trimmed = masked.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}
