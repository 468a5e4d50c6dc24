import { describe, expect, it } from 'vitest';
import { createFinding } from '../findings/service';
import { titleConflict } from '../../tests/helpers/conflicts';
import type { Core } from '../services';
import { listConflicts, syncStatus } from './service';

// Reading the sync screen writes nothing: when local edits have moved the ledger on since the
// conflicts were last stored, the list follows them on the read (see conflicts.ts), not rewritten.

const changes = (core: Core) => (core.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

describe('the conflicts list and the sync status', () => {
  it('are read without writing, and still list what the ledger holds after local edits', async () => {
    const { b, audit } = await titleConflict();
    const stored = listConflicts(b);
    expect(stored.map((c) => c.field)).toEqual(['title']);
    // A local edit moves the ledger on: the stored list is behind it now.
    createFinding(b, { auditId: audit.id, title: 'Runbook unsigned' });
    const before = changes(b);
    expect(listConflicts(b)).toEqual(stored);
    expect(listConflicts(b, audit.id)).toEqual(stored);
    expect(syncStatus(b).openConflicts).toBe(1);
    expect(changes(b)).toBe(before);
  });
});
