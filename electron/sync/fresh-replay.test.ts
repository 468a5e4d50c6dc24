import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createFinding, discardFinding, updateFinding } from '../findings/service';
import { createRelease, updateRelease } from '../releases/service';
import { verifyAll } from '../system/verify';
import type { Core } from '../services';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import path from 'node:path';
import { exportBundle } from './export';
import { importBundle, inspectBundle } from './import';
import { applyLedger, mergeTuning } from './apply';
import { listConflicts } from './service';

// A laptop that holds nothing of a bundle's records replays them from the bundle's own entries
// instead of reading them back from its ledger. What it ends with must be exactly what the plain way
// (read back and replayed) gives, and what a replay of its whole ledger gives: on a bundle of two
// laptops' entries with updates, a deletion and writes of one field that conflict.

/**
 * The audit's rows as stored (JSON text as written, not parsed), their field clocks, the audit's
 * conflicts and search documents. (Each receiver's own shipped template differs from the other's.)
 */
function stored(core: Core): Record<string, unknown[]> {
  const queries = {
    audits: 'SELECT * FROM audits',
    findings: 'SELECT * FROM findings',
    releases: 'SELECT * FROM releases',
    field_clocks: "SELECT * FROM field_clocks WHERE entity IN ('audits', 'findings', 'releases')",
    sync_conflicts: "SELECT * FROM sync_conflicts WHERE entity IN ('audits', 'findings', 'releases')",
    search_docs: 'SELECT title, body, audit_id FROM search_docs WHERE audit_id IS NOT NULL',
  };
  return Object.fromEntries(Object.entries(queries).map(([name, query]) => [name, (core.sqlite.prepare(query).all() as unknown[]).map((row) => JSON.stringify(row)).sort()]));
}

async function importInto(file: string, replayFromBundle: boolean): Promise<Core> {
  const receiver = laptop('Bob');
  const fingerprint = (await inspectBundle(receiver, file)).signer.fingerprint;
  mergeTuning.replayFromBundle = replayFromBundle;
  try {
    const result = await importBundle(receiver, file, { trustFingerprint: fingerprint });
    expect(result.newEntries).toBeGreaterThan(0);
  } finally {
    mergeTuning.replayFromBundle = true;
  }
  return receiver;
}

describe('an import into a laptop holding none of its records', () => {
  it('ends exactly as replaying the entries read back from the ledger, and as a replay of the whole ledger', async () => {
    const alice = laptop('Alice');
    const carol = laptop('Carol');
    const audit = createAudit(alice, { name: 'Two laptops', description: '' });
    const kept = createFinding(alice, { auditId: audit.id, title: 'kept', condition: 'first' });
    const discarded = createFinding(alice, { auditId: audit.id, title: 'discarded' });
    const release = createRelease(alice, { auditId: audit.id, identifier: 'REL-1' });
    await exchange(alice, carol, audit.id);
    // The same fields written on both laptops, neither seeing the other: conflicting clocks.
    updateFinding(alice, { id: kept.id, title: 'kept (Alice)', condition: 'seen by Alice' });
    updateFinding(carol, { id: kept.id, title: 'kept (Carol)' });
    updateRelease(carol, { id: release.id, system: 'payments' });
    updateRelease(alice, { id: release.id, system: 'billing' });
    discardFinding(carol, discarded.id);
    await exchange(carol, alice, audit.id);
    expect(listConflicts(alice, audit.id).length).toBeGreaterThan(0);
    const file = path.join(tempDir(), 'both.rabundle');
    await exportBundle(alice, { auditId: audit.id, out: file });

    const fromBundle = await importInto(file, true);
    const readBack = await importInto(file, false);
    expect(stored(fromBundle)).toEqual(stored(readBack));
    expect(stored(fromBundle).findings).toHaveLength(1);
    expect(stored(fromBundle).sync_conflicts?.length).toBeGreaterThanOrEqual(2);
    // A replay of the whole ledger has nothing to change.
    const whole = fromBundle.sqlite.transaction(() => applyLedger(fromBundle, [], null))();
    expect({ inserted: whole.inserted, updated: whole.updated, deleted: whole.deleted }).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    expect(listConflicts(fromBundle, audit.id)).toEqual(listConflicts(readBack, audit.id));
    expect((await verifyAll(fromBundle)).problems).toEqual([]);
  });
});
