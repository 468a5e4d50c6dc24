import { MAX_QUERY_TERMS } from '../../shared/api/search';

// A person's query turned into FTS5 query text that can only mean "these words": each word or
// "quoted phrase" becomes a quoted FTS5 string (so AND, NEAR, column:, * and parentheses are just
// words, or nothing), and the last word matches as a prefix, for search as you type.

export interface SafeQuery {
  /** The FTS5 MATCH text, or null when the query holds nothing to search. */
  match: string | null;
  /** The words and phrases searched, as a person reads them. */
  terms: string[];
  notice: string | null;
}

// The characters FTS5's unicode61 tokenizer keeps in tokens (letters, numbers, private use), and marks.
const wordPattern = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

const words = (text: string): string[] => text.match(wordPattern) ?? [];

export function toSafeQuery(query: string): SafeQuery {
  const units: Array<{ words: string[]; phrase: boolean }> = [];
  // Text between double quotes is a phrase; an unclosed quote opens nothing.
  const parts = query.split('"');
  parts.forEach((part, index) => {
    const quoted = index % 2 === 1 && index < parts.length - 1;
    const found = words(part);
    if (quoted && found.length > 1) units.push({ words: found, phrase: true });
    else for (const word of found) units.push({ words: [word], phrase: false });
  });
  if (units.length === 0) {
    return { match: null, terms: [], notice: 'There is nothing to search for: type a word or a number (punctuation and symbols on their own are not searched).' };
  }
  const kept = units.slice(0, MAX_QUERY_TERMS);
  const last = kept.length - 1;
  const match = kept.map((unit, index) => `"${unit.words.join(' ')}"${index === last && !unit.phrase ? '*' : ''}`).join(' ');
  const terms = kept.map((unit) => (unit.phrase ? `"${unit.words.join(' ')}"` : (unit.words[0] as string)));
  const notice = units.length > kept.length ? `Only the first ${MAX_QUERY_TERMS} words were searched; the other ${units.length - kept.length} were left out.` : null;
  return { match, terms, notice };
}
