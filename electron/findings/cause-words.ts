import type Database from 'better-sqlite3';
import { statementsOf } from '../common/statements';
import type { Core } from '../services';

// Which distinct causes of a control may be the same root cause as a given one, found through a word
// index instead of comparing with every cause the control has had. Two causes are the same root cause
// when they share at least two words and more than half the words of the longer one; so a match shares
// more than half of the given cause's words, and must contain at least one of its ceil(k/2) rarest words
// (by how many causes of the control have each). Only the causes holding those words are compared:
// the cost follows the causes that share a rare word, not how many causes the control has had.

const wordCache = new Map<string, Set<string>>();

/** Words of a root cause, for comparing two causes written by different people. */
export function causeWords(cause: string): Set<string> {
  let words = wordCache.get(cause);
  if (!words) {
    if (wordCache.size > 20000) wordCache.clear();
    words = new Set(cause.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2));
    wordCache.set(cause, words);
  }
  return words;
}

/** Same control, and causes sharing at least two words and more than half the words of the longer: the same root cause again. */
export function sameRootCause(a: string, b: string): boolean {
  const x = causeWords(a);
  const y = causeWords(b);
  if (x.size === 0 || y.size === 0) return false;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared += 1;
  return shared >= 2 && shared / Math.max(x.size, y.size) > 0.5;
}

/** How many of a cause's words (its rarest) a match must include one of; 0 when no cause can match it. */
export function probeCount(words: number): number {
  if (words < 2) return 0;
  const mustShare = Math.max(2, Math.floor(words / 2) + 1);
  return words - mustShare + 1;
}

const prepared = statementsOf((sqlite: Database.Database) => ({
  // How many causes of the control hold each word asked about ([control, word] pairs).
  counts: sqlite.prepare(
    `SELECT t.value ->> 0 AS control, t.value ->> 1 AS word, c.n FROM json_each(?) t
     JOIN finding_cause_word_counts c ON c.control_key = t.value ->> 0 AND c.word = t.value ->> 1`,
  ),
  // The causes holding the rarest words of each asked cause ([key, control, word] triples); then the causes of
  // these controls not yet split into words, which are compared as they are (and split below, once).
  candidates: sqlite.prepare(
    `SELECT DISTINCT p.value ->> 0 AS key, w.control_key AS control, t.cause, t.n, 0 AS queued FROM json_each(@probes) p
       CROSS JOIN finding_cause_words w ON w.control_key = p.value ->> 1 AND w.word = p.value ->> 2
       CROSS JOIN finding_cause_totals t ON t.control_key = w.control_key AND t.cause = w.cause
     UNION ALL
     SELECT NULL, u.control_key, u.cause, t.n, 1 FROM json_each(@controls) c
       CROSS JOIN finding_causes_unindexed u ON u.control_key = c.value
       CROSS JOIN finding_cause_totals t ON t.control_key = u.control_key AND t.cause = u.cause`,
  ),
  addWord: sqlite.prepare('INSERT OR IGNORE INTO finding_cause_words (control_key, word, cause) VALUES (?, ?, ?)'),
  indexed: sqlite.prepare('DELETE FROM finding_causes_unindexed WHERE control_key = ? AND cause = ?'),
}));

export interface CauseCount {
  cause: string;
  n: number;
}

/** The key of a control (lower-cased) and a cause, as causesMatching answers by. */
export const causeKey = (control: string, cause: string) => JSON.stringify([control, cause]);

/**
 * For each [control key, cause] asked, the distinct causes of that control that are the same root cause,
 * with how many raised findings gave each. Two statements for every cause asked; causes queued since the last
 * lookup of their control are split into words on the way (one small write, once per new distinct cause).
 */
export function causesMatching(core: Core, asked: Array<{ control: string; cause: string }>): Map<string, CauseCount[]> {
  const s = prepared(core.sqlite);
  const keys = new Map<string, { control: string; cause: string; words: string[] }>();
  for (const a of asked) {
    const key = causeKey(a.control, a.cause);
    if (!keys.has(key)) keys.set(key, { ...a, words: [...causeWords(a.cause)].sort() });
  }
  const result = new Map<string, CauseCount[]>();
  if (keys.size === 0) return result;
  const pairs = [...new Set([...keys.values()].flatMap((a) => (probeCount(a.words.length) > 0 ? a.words.map((w) => JSON.stringify([a.control, w])) : [])))];
  const held = new Map<string, number>();
  if (pairs.length > 0) {
    for (const c of s.counts.all(`[${pairs.join(',')}]`) as Array<{ control: string; word: string; n: number }>) held.set(JSON.stringify([c.control, c.word]), c.n);
  }
  // Each cause's rarest words (a word no cause holds is the rarest of all; ties by the word).
  const probes: Array<[string, string, string]> = [];
  for (const [key, a] of keys) {
    const rarity = (w: string) => held.get(JSON.stringify([a.control, w])) ?? 0;
    const rarest = [...a.words].sort((x, y) => rarity(x) - rarity(y) || (x < y ? -1 : 1)).slice(0, probeCount(a.words.length));
    for (const w of rarest) if (rarity(w) > 0) probes.push([key, a.control, w]);
  }
  const controls = [...new Set([...keys.values()].map((a) => a.control))];
  const rows = s.candidates.all({ probes: JSON.stringify(probes), controls: JSON.stringify(controls) }) as Array<{ key: string | null; control: string; cause: string; n: number; queued: number }>;
  const candidates = new Map<string, CauseCount[]>();
  const queued = new Map<string, CauseCount[]>();
  for (const row of rows) {
    const into = row.queued ? queued : candidates;
    const at = row.queued ? row.control : (row.key as string);
    const list = into.get(at);
    if (list) list.push({ cause: row.cause, n: row.n });
    else into.set(at, [{ cause: row.cause, n: row.n }]);
  }
  if (queued.size > 0) indexQueued(core, queued);
  for (const [key, a] of keys) {
    const found = [...(candidates.get(key) ?? []), ...(queued.get(a.control) ?? [])].filter((c) => sameRootCause(c.cause, a.cause));
    result.set(key, found);
  }
  return result;
}

/** Splits the queued causes of these controls into words, in one transaction. */
function indexQueued(core: Core, queued: Map<string, CauseCount[]>): void {
  const s = prepared(core.sqlite);
  core.sqlite.transaction(() => {
    for (const [control, causes] of queued) {
      for (const { cause } of causes) {
        for (const word of causeWords(cause)) s.addWord.run(control, word, cause);
        s.indexed.run(control, cause);
      }
    }
  })();
}
