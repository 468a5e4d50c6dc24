import type Database from 'better-sqlite3';
import { statementsOf } from '../common/statements';
import type { Core } from '../services';

// Which distinct causes of a control may be the same root cause as a given one, found through a word
// index instead of comparing with every cause the control has had. Two causes are the same root cause
// when they share at least two words and more than half the words of the longer one; so a match shares
// more than half of the given cause's words, and must contain at least one of its ceil(k/2) rarest words
// (by how many causes of the control have each). Only the causes holding those words are compared:
// the cost follows the causes that share a rare word, not how many causes the control has had. While the
// controls asked about have few causes in all, reading and comparing them all is cheaper, and is done.

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

/** Up to this many distinct causes (of all the controls asked about), each is compared, without the word index. */
export const DIRECT_COMPARE_LIMIT = 64;

const prepared = statementsOf((sqlite: Database.Database) => ({
  // The controls' causes, if they are few: one row more than the limit says there are more.
  few: sqlite.prepare('SELECT control_key AS control, cause, n FROM finding_cause_totals WHERE control_key IN (SELECT value FROM json_each(?)) LIMIT ?'),
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
 * with how many raised findings gave each. One statement while the controls have few causes, three beyond; causes queued since the last
 * lookup of their control are split into words on the way (one small write, once per new distinct cause).
 */
export function causesMatching(core: Core, asked: Array<{ control: string; cause: string }>, directUpTo = DIRECT_COMPARE_LIMIT): Map<string, CauseCount[]> {
  const s = prepared(core.sqlite);
  const result = new Map<string, CauseCount[]>();
  const keys = new Map<string, { control: string; cause: string; words: string[] }>();
  const pairs: Array<[string, string]> = [];
  const paired = new Set<string>();
  for (const a of asked) {
    const key = causeKey(a.control, a.cause);
    if (keys.has(key)) continue;
    const words = [...causeWords(a.cause)];
    keys.set(key, { control: a.control, cause: a.cause, words });
    if (probeCount(words.length) === 0) continue;
    for (const w of words) {
      const pair = `${a.control}\u0000${w}`;
      if (!paired.has(pair)) {
        paired.add(pair);
        pairs.push([a.control, w]);
      }
    }
  }
  if (keys.size === 0) return result;
  const controls = [...new Set(Array.from(keys.values(), (a) => a.control))];
  const few = directUpTo > 0 ? (s.few.all(JSON.stringify(controls), directUpTo + 1) as Array<{ control: string; cause: string; n: number }>) : [];
  if (directUpTo > 0 && few.length <= directUpTo) {
    for (const [key, a] of keys) result.set(key, few.filter((c) => c.control === a.control && sameRootCause(c.cause, a.cause)).map(({ cause, n }) => ({ cause, n })));
    return result;
  }
  const held = new Map<string, number>();
  if (pairs.length > 0) for (const c of s.counts.all(JSON.stringify(pairs)) as Array<{ control: string; word: string; n: number }>) held.set(`${c.control}\u0000${c.word}`, c.n);
  // Each cause's rarest words (a word no cause holds is the rarest of all; ties by the word).
  const probes: Array<[string, string, string]> = [];
  for (const [key, a] of keys) {
    const rated = a.words.map((w) => ({ w, n: held.get(`${a.control}\u0000${w}`) ?? 0 }));
    rated.sort((x, y) => x.n - y.n || (x.w < y.w ? -1 : 1));
    const count = probeCount(a.words.length);
    for (let i = 0; i < count; i += 1) if ((rated[i] as { n: number }).n > 0) probes.push([key, a.control, (rated[i] as { w: string }).w]);
  }
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
    const found: CauseCount[] = [];
    for (const c of candidates.get(key) ?? []) if (sameRootCause(c.cause, a.cause)) found.push(c);
    for (const c of queued.get(a.control) ?? []) if (sameRootCause(c.cause, a.cause)) found.push(c);
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
