import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { createFinding } from '../findings/service';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { nextEntry, readParts, writeParts } from './craft';
import { exportBundle } from './export';
import { importBundle } from './import';

// Fail closed: a kind of record the registry does not know has no owner, so nothing says which
// audit's bundle it belongs in. Export refuses it rather than ship it whole in every bundle, and
// import refuses it rather than take it in.

describe('a kind of record the registry does not know', () => {
  it('is never shipped: the export stops and writes no bundle', async () => {
    const alice = laptop('Alice');
    const audit = createAudit(alice, { name: 'Payments 4.2', description: '' });
    // Say an older build, or a hand edit, left an entry of a kind this build has no descriptor for.
    alice.sqlite.transaction(() =>
      alice.ledger.append({ actor: 'Alice', entity: 'secret_notes' as never, entityId: 'n1', op: 'insert', fields: { text: 'salary review of Dana' }, prevClocks: {} }),
    )();
    const out = path.join(tempDir(), 'out.rabundle');
    await expect(exportBundle(alice, { auditId: audit.id, out })).rejects.toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/kind of record this app does not know \("secret_notes"\)/) });
    expect(await import('node:fs').then((fs) => fs.existsSync(out))).toBe(false);
  });

  it('is refused on import, with nothing taken in', async () => {
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    const audit = createAudit(alice, { name: 'Payments 4.2', description: '' });
    createFinding(alice, { auditId: audit.id, title: 'Backout untested' });
    await exchange(alice, bob, audit.id);
    const file = path.join(tempDir(), 'real.rabundle');
    await exportBundle(alice, { auditId: audit.id, out: file });
    const parts = await readParts(file);
    const last = parts.entries.filter((e) => e.deviceId === alice.deviceId).at(-1)!;
    const crafted = nextEntry(last, { entity: 'secret_notes', entityId: 'n1', op: 'insert', fields: { auditId: audit.id, text: 'planted' }, actor: 'Alice' });
    const bundle = await writeParts(alice, { ...parts, entries: [...parts.entries, crafted] }, path.join(tempDir(), 'crafted.rabundle'));
    const before = (bob.sqlite.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
    await expect(importBundle(bob, bundle)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/is a kind of record this version of the app does not know/) });
    expect((bob.sqlite.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n).toBe(before);
  });
});
