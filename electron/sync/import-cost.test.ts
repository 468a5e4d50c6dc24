import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { addEvidenceText, linkEvidence } from '../evidence/service';
import { createFinding, discardFinding, updateFinding } from '../findings/service';
import { canonicalJson } from '../ledger/canonical';
import { replayLedger } from '../ledger/replay';
import { verifyAll } from '../system/verify';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { rowsReadBy } from '../../tests/helpers/rows-read';
import type { Core } from '../services';
import { currentConflicts } from './conflicts';

// An import's cost follows the bundle, not the laptop receiving it: it reads the entries, field
// clocks and rows of the records the bundle touches (and of the records their state depends on), by
// index, never the whole receiving ledger. And what it leaves is what a replay of the whole ledger says.

const tables = ['ledger', 'field_clocks', 'findings', 'evidence_links'];

/** A laptop already holding `findings` findings of an audit of its own. */
function receiver(findings: number): Core {
  const bob = laptop('Bob');
  const own = createAudit(bob, { name: "Bob's own audit", description: '' });
  for (let i = 0; i < findings; i += 1) updateFinding(bob, { id: createFinding(bob, { auditId: own.id, title: `Bob's finding ${i}` }).id, cause: 'Rushed change' });
  return bob;
}

const conflictsOf = (core: Core) => ({
  stored: currentConflicts(core).map((c) => c.id).sort(),
  replayed: replayLedger(core.sqlite).conflicts.map((c) => c.id).sort(),
});

describe('importing a bundle into a laptop that holds much already', () => {
  it('reads only what the bundle touches: the same rows whether the laptop holds 20 records or 300', async () => {
    const alice = laptop('Alice');
    const audit = createAudit(alice, { name: 'Payments 4.2', description: '' });
    const ids = Array.from({ length: 10 }, (_, i) => createFinding(alice, { auditId: audit.id, title: `Finding ${i}` }).id);
    for (const id of ids.slice(0, 5)) updateFinding(alice, { id, cause: 'No CAB approval' });
    const evidence = await addEvidenceText(alice, { auditId: audit.id, kind: 'log-excerpt', text: 'deploy log\n', sourceSystem: 'ci', sourceFile: 'ci.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
    linkEvidence(alice, evidence.id, { targetType: 'finding', targetId: ids[9] as string });

    const read: Array<Record<string, number>> = [];
    for (const size of [20, 300]) {
      const bob = receiver(size);
      const { rows, result } = await rowsReadBy(bob, tables, () => exchange(alice, bob, audit.id));
      expect(result.result.newEntries).toBeGreaterThan(20);
      read.push(rows);
      expect((await verifyAll(bob)).ok).toBe(true);
    }
    const [small, large] = read as [Record<string, number>, Record<string, number>];
    // 280 more findings, each with two entries, two field clocks and a row: none of them is read.
    for (const table of tables) expect({ table, rows: large[table] }).toEqual({ table, rows: small[table] });
    expect(small.ledger).toBeLessThan(300);
  });

  it('keeps the records and the conflicts list as a replay of the whole ledger says, through edits on both sides and a discarded finding', async () => {
    const alice = laptop('Alice');
    const bob = receiver(30);
    const audit = createAudit(alice, { name: 'Payments 4.2', description: '' });
    const kept = createFinding(alice, { auditId: audit.id, title: 'Backout untested' });
    const discarded = createFinding(alice, { auditId: audit.id, title: 'Draft' });
    await exchange(alice, bob, audit.id);
    // Both retitle one finding; Bob links evidence to the draft Alice then discards.
    updateFinding(alice, { id: kept.id, title: 'Backout plan never rehearsed' });
    updateFinding(bob, { id: kept.id, title: 'Backout not tested before go-live' });
    const evidence = await addEvidenceText(bob, { auditId: audit.id, kind: 'log-excerpt', text: 'late log\n', sourceSystem: 'ci', sourceFile: 'ci.log', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
    linkEvidence(bob, evidence.id, { targetType: 'finding', targetId: discarded.id });
    discardFinding(alice, discarded.id);
    const { result } = await exchange(alice, bob, audit.id);
    expect(result.conflicts).toBe(2);
    const { stored, replayed } = conflictsOf(bob);
    expect(stored).toEqual(replayed);
    expect(stored).toHaveLength(2);
    expect((await verifyAll(bob)).ok).toBe(true);
    // The other way too, and once more with nothing new: nothing changes.
    await exchange(bob, alice, audit.id);
    expect(conflictsOf(alice).stored).toEqual(conflictsOf(alice).replayed);
    expect((await verifyAll(alice)).ok).toBe(true);
    const again = await exchange(alice, bob, audit.id);
    expect(again.result.newEntries).toBe(0);
    expect(canonicalJson(conflictsOf(bob))).toBe(canonicalJson({ stored, replayed }));
  });
});
