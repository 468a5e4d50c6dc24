import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createAudit, finaliseAudit } from '../audits/service';
import { addEvidenceText, evidenceLinksOf, linkEvidence } from '../evidence/service';
import { scopeOfLedger } from '../ledger/scope';
import { verifyRecords } from '../ledger/verify-records';
import type { Core } from '../services';
import { readParts } from '../sync/craft';
import { exportBundle } from '../sync/export';
import { importBundle, inspectBundle } from '../sync/import';
import { laptop } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { newId, utcNow } from '../ids';
import { transact } from '../services';
import { retrospectiveRecords, retrospectivesTableSql } from './new-kind.fixture';
import type * as Kinds from './kinds';
import { missingTriggerSql } from './triggers';
import { conclude } from '../../tests/helpers/conclude';

// The proof that a record kind is declared once: a kind the app has never heard of (a later issue's
// retrospectives) gets its table, its descriptor and its service, and its descriptor is added to the
// registry's list as kinds.ts would hold it. With no other file of the app edited, the ledger scopes
// it to its audit, the bundle carries it for that audit only, the merge writes it on the other
// laptop, evidence links to it with its label, and a finalised audit freezes it in the database.

vi.mock('./kinds', async (importOriginal) => {
  const real = await importOriginal<typeof Kinds>();
  const { retrospectiveRecords: added } = await import('./new-kind.fixture');
  return { ...real, recordKinds: [...real.recordKinds, ...added] };
});

// The kind's service: rows change only through the ledger's record writer, like every other kind.
export function createRetrospective(core: Core, auditId: string, title: string): { id: string } {
  const now = utcNow();
  return transact(core, (records) => records.insert('debriefs' as never, { id: newId(), auditId, title, createdAt: now, updatedAt: now }));
}

export function updateRetrospective(core: Core, id: string, wentWell: string): void {
  transact(core, (records) => records.update('debriefs' as never, id, { wentWell, updatedAt: utcNow() } as never));
}

/** What the kind's migration does: its table, and the triggers its descriptor calls for. */
function migrate(core: Core): void {
  core.sqlite.exec(retrospectivesTableSql);
  for (const statement of missingTriggerSql('', retrospectiveRecords, [])) core.sqlite.exec(statement);
}

const rowOf = (core: Core, id: string) => core.sqlite.prepare('SELECT title, went_well AS wentWell, audit_id AS auditId FROM debriefs WHERE id = ?').get(id);

describe('a record kind added in its own files only', () => {
  it('is scoped, bundled, merged, linked and frozen like every other kind', async () => {
    const alice = laptop('Alice');
    const bob = laptop('Bob');
    migrate(alice);
    migrate(bob);
    const audit = createAudit(alice, { name: 'Payments 4.2', description: '' });
    const other = createAudit(alice, { name: 'Ledger 7.1', description: '' });
    const retro = createRetrospective(alice, audit.id, 'What the cut-over taught us');
    updateRetrospective(alice, retro.id, 'The backout rehearsal');

    // Ledger and scope: it belongs to its audit, and the tables agree with the ledger.
    expect(scopeOfLedger(alice.sqlite).auditOf('debriefs', retro.id)).toBe(audit.id);
    expect(verifyRecords(alice.sqlite).problems).toEqual([]);

    // Evidence links to it, named by its descriptor's label.
    const evidence = await addEvidenceText(alice, { auditId: audit.id, kind: 'note', text: 'Minutes of the retrospective', name: 'minutes.txt' } as never);
    linkEvidence(alice, evidence.id, { targetType: 'debrief' as never, targetId: retro.id });
    expect(evidenceLinksOf(alice, evidence.id)).toEqual([{ targetType: 'debrief', targetId: retro.id, label: 'debrief: What the cut-over taught us' }]);

    // Export: whole in its own audit's bundle, a stub in another audit's.
    const own = path.join(tempDir(), 'own.rabundle');
    await exportBundle(alice, { auditId: audit.id, out: own });
    expect((await readParts(own)).entries.filter((e) => 'entity' in e && e.entity === 'debriefs')).toHaveLength(2);
    const elsewhere = path.join(tempDir(), 'other.rabundle');
    await exportBundle(alice, { auditId: other.id, out: elsewhere });
    expect((await readParts(elsewhere)).entries.some((e) => 'entity' in e && e.entity === 'debriefs')).toBe(false);

    // Import: the merge writes it (in the order its references give), links included.
    await importBundle(bob, own, { trustFingerprint: (await inspectBundle(bob, own)).signer.fingerprint });
    expect(rowOf(bob, retro.id)).toEqual({ title: 'What the cut-over taught us', wentWell: 'The backout rehearsal', auditId: audit.id });
    expect(evidenceLinksOf(bob, evidence.id)).toEqual([{ targetType: 'debrief', targetId: retro.id, label: 'debrief: What the cut-over taught us' }]);
    expect(verifyRecords(bob.sqlite).problems).toEqual([]);

    // Freeze: once its audit is finalised, the database refuses to change it.
    conclude(alice, audit.id);
    finaliseAudit(alice, audit.id);
    expect(() => updateRetrospective(alice, retro.id, 'Rewritten afterwards')).toThrow(/The audit is finalised: its records cannot change/);
    expect(rowOf(alice, retro.id)).toMatchObject({ wentWell: 'The backout rehearsal' });
  });
});
