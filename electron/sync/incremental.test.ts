import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createFinding, discardFinding, updateFinding } from '../findings/service';
import { canonicalJson } from '../ledger/canonical';
import { replayLedger } from '../ledger/replay';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { titleConflict } from '../../tests/helpers/conflicts';
import { statementsOf } from '../../tests/helpers/statements';
import type { Core } from '../services';
import { currentConflicts } from './conflicts';
import { listConflicts, resolveConflict, syncStatus } from './service';

// The conflicts list is derived state kept where it changes: the import stores it, and a read takes
// the current winner from the record's field clocks. Reads never replay the ledger nor write; what
// they show after local edits is exactly what a replay of the whole ledger says.

/** A statement that reads the whole ledger in clock order: a replay. */
const replays = (statements: string[]) => statements.filter((sql) => /FROM ledger ORDER BY hlc/.test(sql));

/** What a replay of the whole ledger lists, in the list's order, as comparable values. */
function replayed(core: Core) {
  return replayLedger(core.sqlite)
    .conflicts.slice()
    .sort((a, b) => (a.loserHlc < b.loserHlc ? 1 : a.loserHlc > b.loserHlc ? -1 : a.id < b.id ? -1 : 1))
    .map((c) => ({ id: c.id, kind: c.kind, field: c.field, winner: canonicalJson(c.winnerValue ?? null), winnerHlc: c.winnerHlc, winnerActor: c.winnerActor, loser: canonicalJson(c.loserValue ?? null) }));
}

function listed(core: Core) {
  return currentConflicts(core).map((c) => ({
    id: c.id,
    kind: c.kind,
    field: c.field,
    winner: canonicalJson(JSON.parse(c.winnerValue) ?? null),
    winnerHlc: c.winnerHlc,
    winnerActor: c.winnerActor,
    loser: canonicalJson(JSON.parse(c.loserValue) ?? null),
  }));
}

describe('the stored conflicts list', () => {
  it('is read without replaying or writing, and follows local edits exactly as a replay would', async () => {
    const a = laptop('Alice');
    const b = laptop('Bob');
    const audit = createAudit(a, { name: 'Payments 4.2', description: '' });
    const finding = createFinding(a, { auditId: audit.id, title: 'Backout untested' });
    const other = createFinding(a, { auditId: audit.id, title: 'Runbook unsigned' });
    await exchange(a, b, audit.id);
    // A conflict over the title, and the same condition typed on both laptops (no conflict yet).
    updateFinding(a, { id: finding.id, title: 'Backout plan never rehearsed', condition: 'No rehearsal on record.' });
    updateFinding(b, { id: finding.id, title: 'Backout not tested before go-live', condition: 'No rehearsal on record.' });
    updateFinding(a, { id: other.id, title: 'Runbook not signed off' });
    updateFinding(b, { id: other.id, title: 'Runbook lacks a signature' });
    await exchange(a, b, audit.id);
    expect(listed(b)).toEqual(replayed(b));
    expect(listed(b).map((c) => c.field)).toEqual(['title', 'title']);

    // Reading N times: the same answer, no replay, nothing written.
    const first = { list: listConflicts(b), status: syncStatus(b) };
    for (let n = 0; n < 5; n += 1) {
      const read = statementsOf(b, () => ({ list: listConflicts(b), byAudit: listConflicts(b, audit.id), status: syncStatus(b) }));
      expect(read.changes).toBe(0);
      expect(replays(read.statements)).toEqual([]);
      expect(read.result.list).toEqual(first.list);
      expect(read.result.byAudit).toEqual(first.list);
      expect(read.result.status).toEqual(first.status);
    }
    expect(first.status.openConflicts).toBe(2);

    // Local edits move the winner: the list follows at once, as a replay says, still without one.
    updateFinding(b, { id: finding.id, title: 'Backout never tried' });
    expect(listed(b)).toEqual(replayed(b));
    // The condition both had typed is changed here: the other laptop's copy of it is now a conflict.
    updateFinding(b, { id: finding.id, condition: 'Rehearsal skipped twice.' });
    expect(listed(b)).toEqual(replayed(b));
    expect(listed(b).map((c) => c.field).sort()).toEqual(['condition', 'title', 'title']);
    // Typing the other laptop's value settles that conflict.
    updateFinding(b, { id: other.id, title: 'Runbook not signed off' });
    expect(listed(b)).toEqual(replayed(b));
    expect(listed(b).some((c) => c.id === first.list.find((f) => f.entityId === other.id)?.id)).toBe(false);
    // Discarding the draft: its edits that lost are now lost to the deletion.
    discardFinding(b, finding.id);
    expect(listed(b)).toEqual(replayed(b));
    expect(new Set(listed(b).map((c) => c.kind))).toEqual(new Set(['deleted']));
    const reads = statementsOf(b, () => listConflicts(b));
    expect(replays(reads.statements)).toEqual([]);
    expect(reads.changes).toBe(0);
  });

  it('is settled by a decision without a replay, and the answer is what a replay says', async () => {
    const { b } = await titleConflict();
    const [conflict] = listConflicts(b);
    const kept = statementsOf(b, () => resolveConflict(b, { id: conflict!.id, decision: 'keep' }));
    expect(replays(kept.statements)).toEqual([]);
    expect(kept.result?.resolution?.decision).toBe('keep');
    expect(listed(b)).toEqual(replayed(b));
    expect(syncStatus(b).openConflicts).toBe(0);
  });
});
