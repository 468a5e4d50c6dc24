import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { nextEntry, readParts, writeParts } from './craft';
import { exportBundle } from './export';
import { importBundle } from './import';

// The references a record kind declares are all checked on import: a finding of one audit cannot
// name, as its source, the checklist result of another (before the registry, only its release was
// checked, from a hand-written list).

describe('a reference declared in a descriptor', () => {
  it('may not point into another audit', async () => {
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    const audit = createAudit(alice, { name: 'Payments 4.2', description: '' });
    const other = createAudit(alice, { name: 'Ledger 7.1', description: '' });
    const finding = createFinding(alice, { auditId: audit.id, title: 'Backout untested' });
    await exchange(alice, bob, audit.id);
    await exchange(alice, bob, other.id);
    const file = path.join(tempDir(), 'real.rabundle');
    await exportBundle(alice, { auditId: audit.id, out: file });
    const parts = await readParts(file);
    const last = parts.entries.filter((e) => e.deviceId === alice.deviceId).at(-1)!;
    const result = nextEntry(last, {
      entity: 'checklist_results',
      entityId: 'result-of-other-audit',
      op: 'insert',
      fields: { auditId: other.id, itemKey: 'x', result: 'pass', note: '', recordedBy: 'Alice', recordedAt: new Date().toISOString() },
      actor: 'Alice',
    });
    const pointer = nextEntry(result, { entity: 'findings', entityId: finding.id, op: 'update', fields: { sourceResultId: 'result-of-other-audit' }, actor: 'Alice' });
    const bundle = await writeParts(alice, { ...parts, entries: [...parts.entries, result, pointer] }, path.join(tempDir(), 'crafted.rabundle'));
    await expect(importBundle(bob, bundle)).rejects.toThrow(/points at checklist results record result-of-other-audit, which belongs to another audit: it was refused/);
  });
});
