import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { statementsOf } from '../../tests/helpers/statements';
import { undoMigrationsFrom } from '../../tests/helpers/undo-migration';
import { createAudit } from '../audits/service';
import { sourceRoot } from '../paths';
import { transact, type Core } from '../services';
import { causeKey, causesMatching, sameRootCause } from './cause-words';

// The word index finds exactly the causes a one-by-one comparison with every distinct cause of the control
// finds, whether the causes were split into words yet or not, and after causes are gone; and it compares
// a cause with the few causes that share a rare word with it, not with every cause the control has had.

// A few words nearly every cause has, and rarer ones: the common ones must not make every cause a candidate.
const common = ['the', 'was', 'release', 'team'];
const rare = ['approval', 'missing', 'emergency', 'path', 'policy', 'rollback', 'skipped', 'ticket', 'staging', 'window'];
const causeText = fc
  .tuple(fc.subarray(common, { maxLength: 3 }), fc.subarray(rare, { minLength: 0, maxLength: 4 }), fc.constantFrom('', ' (again)', ', Team!'))
  .map(([c, r, tail]) => `${[...c, ...r].join(' ')}${tail}`);

let sequence = 0;

/** Raised findings of one earlier audit giving the control each cause; returns their ids. */
function raise(core: Core, auditId: string, control: string, causes: string[]): string[] {
  return transact(core, (records) =>
    causes.map((cause) => {
      const id = `finding-${(sequence += 1)}`;
      const at = new Date().toISOString();
      records.insert('findings', {
        id, auditId, title: id, severity: 'major', status: 'open', controlId: control, stage: null, criteria: '', condition: '', cause, effect: '', recommendation: '',
        ownerRole: '', ownerName: '', dueAt: null, confidential: false, acceptedBy: '', acceptedReason: '', releaseId: null, sourceResultId: null, createdAt: at, updatedAt: at,
      });
      return id;
    }),
  );
}

/** What comparing with every distinct cause of the control one by one gives. */
function oneByOne(core: Core, control: string, cause: string): string[] {
  const all = core.sqlite.prepare('SELECT cause FROM finding_cause_totals WHERE control_key = ?').pluck().all(control) as string[];
  return all.filter((c) => sameRootCause(c, cause)).sort();
}

describe('the word index of distinct causes', () => {
  it('finds the causes a one-by-one comparison finds, split into words or still queued, and after causes are gone', () => {
    fc.assert(
      fc.property(
        fc.array(causeText, { maxLength: 30 }),
        fc.array(causeText, { maxLength: 30 }),
        fc.array(causeText, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (first, later, asked, removed) => {
          const core = testCore();
          const audit = createAudit(core, { name: 'Earlier', description: '' });
          const ids = raise(core, audit.id, 'RA-RFC-01', first);
          // Split what is there into words, then add causes that stay queued, and take some findings out.
          causesMatching(core, [{ control: 'ra-rfc-01', cause: 'warm the index up' }], 0);
          raise(core, audit.id, 'RA-RFC-01', later);
          for (const id of ids.filter((_, i) => (i + removed) % 3 === 0)) core.sqlite.prepare('DELETE FROM findings WHERE id = ?').run(id);
          // Through the word index (no cause compared directly), twice (the second time nothing is queued), and directly.
          for (const [round, directUpTo] of [[0, 0], [1, 0], [2, 1000]] as const) {
            const found = causesMatching(core, asked.map((cause) => ({ control: 'ra-rfc-01', cause })), directUpTo);
            for (const cause of asked) {
              expect({ round, cause, found: (found.get(causeKey('ra-rfc-01', cause)) ?? []).map((c) => c.cause).sort() }).toEqual({ round, cause, found: oneByOne(core, 'ra-rfc-01', cause) });
            }
          }
          // Nothing is left queued once asked about, and the counts are those of the words.
          expect(core.sqlite.prepare('SELECT count(*) FROM finding_causes_unindexed').pluck().get()).toBe(0);
          expect(core.sqlite.prepare('SELECT control_key, word, n FROM finding_cause_word_counts ORDER BY 1, 2').all()).toEqual(
            core.sqlite.prepare('SELECT control_key, word, count(*) AS n FROM finding_cause_words GROUP BY 1, 2 ORDER BY 1, 2').all(),
          );
          core.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('compares a cause with the causes sharing its rarest words, not with every cause of the control', () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Earlier', description: '' });
    // 600 causes, all sharing the common words, each with two words of its own.
    raise(core, audit.id, 'RA-RFC-01', Array.from({ length: 600 }, (_, i) => `the release team was late because of w${i}a and w${i}b`));
    raise(core, audit.id, 'RA-RFC-01', ['the release team skipped the rollback test', 'the release team skipped the rollback rehearsal']);
    causesMatching(core, [{ control: 'ra-rfc-01', cause: 'warm up' }]);
    const asked = { control: 'ra-rfc-01', cause: 'Team skipped the rollback test again' };
    const { result, statements } = statementsOf(core, () => causesMatching(core, [asked]));
    expect((result.get(causeKey(asked.control, asked.cause)) ?? []).map((c) => c.cause).sort()).toEqual(oneByOne(core, asked.control, asked.cause));
    // The controls' causes are too many to compare each; the word counts; the causes holding the rarest words.
    expect(statements).toHaveLength(3);
    // The causes read back are those holding its rarest words (skipped, rollback, test), not the 600 with "the release team".
    const candidates = core.sqlite
      .prepare(`SELECT count(DISTINCT cause) FROM finding_cause_words WHERE control_key = 'ra-rfc-01' AND word IN ('skipped', 'test', 'again', 'rollback')`)
      .pluck()
      .get() as number;
    expect(candidates).toBe(2);
    const plans = statements.slice(1).map((sql) => (core.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.includes('@') ? [{ probes: '[]', controls: '[]' }] : ['[]'])) as Array<{ detail: string }>).map((r) => r.detail).join('\n'));
    expect(plans.join('\n')).not.toMatch(/^SCAN (?!.*VIRTUAL TABLE)/m);
    core.close();
  });

  it('is filled by its migration for a folder made before it', () => {
    const dataDir = tempDir();
    const old = testCore({ dataDir, appRoot: sourceRoot });
    const audit = createAudit(old, { name: 'Earlier', description: '' });
    raise(old, audit.id, 'RA-RFC-01', ['approval missing on the emergency path', 'rollback skipped in staging', 'ticket missing its approval']);
    old.close();
    // Put the database back as the older app left it: the word tables and their triggers gone, their migration and later ones not applied.
    const sqlite = new Database(path.join(dataDir, 'release-audit.db'));
    undoMigrationsFrom(sqlite, '_warroom_indexes_and_cause_words');
    expect(sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'finding\\_cause\\_word%' ESCAPE '\\'").pluck().get()).toBe(0);
    sqlite.close();
    const core = testCore({ dataDir });
    expect(core.sqlite.prepare('SELECT count(*) FROM finding_causes_unindexed').pluck().get()).toBe(3);
    const asked = { control: 'ra-rfc-01', cause: 'the approval was missing on the ticket' };
    const found = causesMatching(core, [asked], 0).get(causeKey(asked.control, asked.cause))?.map((c) => c.cause).sort();
    expect(found).toEqual(oneByOne(core, asked.control, asked.cause));
    expect(found).toHaveLength(2);
    expect(core.sqlite.prepare('SELECT count(DISTINCT cause) FROM finding_cause_words').pluck().get()).toBe(3);
    core.close();
  });
});
